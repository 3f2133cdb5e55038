/**
 * The bench's directory: the demo 三元区 (its departments, officials, routing and deadlines) plus
 * generated enterprises, members and playground groups, with the follow-up window off so that every
 * problem text opens an issue of its own.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { DEMO_DIRECTORY_FILE } from "../../bot/config.ts";

export interface BenchDirectory {
	file: string;
	/** Playground ids of the generated enterprise members. */
	members: string[];
	/** Conversation ids of the generated work groups. */
	groups: string[];
}

interface DemoFile {
	people: unknown[];
	enterprises: unknown[];
	groups: unknown[];
	routing: {
		categories: Array<{ keywords: string[] }>;
		intake: Record<string, unknown>;
	};
}

const OFFICES = ["industry", "services", "construction", "key-projects"];

export async function writeBenchDirectory(
	dir: string,
	size: { enterprises: number; membersEach: number; groups: number },
): Promise<BenchDirectory> {
	const demo = parse(await readFile(DEMO_DIRECTORY_FILE, "utf8")) as DemoFile;
	const members: string[] = [];
	const groups: string[] = [];
	for (let g = 0; g < size.groups; g++) {
		const code = `bench-group-${g}`;
		groups.push(code);
		demo.groups.push({
			code,
			name: `压测工作群${g}`,
			kind: "work",
			office: OFFICES[g % OFFICES.length],
			platform: "playground",
			conversationId: code,
		});
	}
	for (let e = 0; e < size.enterprises; e++) {
		const enterprise = `bench-enterprise-${e}`;
		demo.enterprises.push({
			code: enterprise,
			name: `压测企业${e}有限公司`,
			office: OFFICES[e % OFFICES.length],
		});
		for (let m = 0; m < size.membersEach; m++) {
			const code = `bench-member-${e}-${m}`;
			members.push(code);
			demo.people.push({
				code,
				name: `企业${e}成员${m}`,
				roles: ["enterprise_member"],
				enterprise,
				identities: [{ platform: "playground", id: code }],
			});
		}
	}
	demo.routing.intake.followUpWindowMinutes = 0;
	const file = join(dir, "bench-directory.yaml");
	await writeFile(file, stringify(demo));
	return { file, members, groups };
}
