/**
 * The faults × outcomes table: each test file adds its rows to tests/artifacts/faults/<file>.json;
 * the Markdown (tests/artifacts/faults.md) and the printed table are made from every file's rows,
 * so the file that finishes last shows the whole suite.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { FaultOutcome } from "./scenario.ts";

const ARTIFACTS = fileURLToPath(new URL("../artifacts/", import.meta.url));
const ROWS = `${ARTIFACTS}faults/`;

/** The order of the table (the brief's order); faults not listed come last. */
const ORDER = [
	"undisturbed",
	"worker killed mid-batch",
	"Redis killed",
	"Redis wiped (FLUSHALL)",
	"Redis down 60 s",
	"Postgres connections refused",
	"process SIGKILL",
	"Slack redelivery ×4",
	"WeChat redelivery, new ids",
	"clock jumps an hour",
	"WeChat logged out 15 min",
];

export function recordOutcome(file: string, outcome: FaultOutcome): void {
	mkdirSync(ROWS, { recursive: true });
	const path = `${ROWS}${file}.json`;
	let rows: FaultOutcome[] = [];
	try {
		rows = JSON.parse(readFileSync(path, "utf8")) as FaultOutcome[];
	} catch {}
	rows = [...rows.filter((r) => r.fault !== outcome.fault), outcome];
	writeFileSync(path, JSON.stringify(rows, null, 2));
}

export function writeTable(): string {
	const rows: FaultOutcome[] = [];
	try {
		for (const name of readdirSync(ROWS))
			if (name.endsWith(".json"))
				rows.push(
					...(JSON.parse(
						readFileSync(`${ROWS}${name}`, "utf8"),
					) as FaultOutcome[]),
				);
	} catch {}
	const rank = (fault: string) => {
		const i = ORDER.indexOf(fault);
		return i === -1 ? ORDER.length : i;
	};
	rows.sort((a, b) => rank(a.fault) - rank(b.fault));
	const lines = [
		"| fault | lost messages | lost steps | doubled steps | duplicate issues | duplicate sends | time to recover | notes |",
		"|---|---|---|---|---|---|---|---|",
		...rows.map(
			(r) =>
				`| ${r.fault} | ${r.lostMessages} | ${r.lostSteps} | ${r.doubledSteps} | ${r.duplicateIssues} | ${r.duplicateSends} | ${
					r.recoverMs === null
						? "not recovered"
						: `${(r.recoverMs / 1000).toFixed(1)} s`
				} | ${r.notes.join("; ").replaceAll("|", "/") || "—"} |`,
		),
	];
	const markdown = `# Fault suite (npm run test:faults)\n\nEach fault against the same script; the undisturbed run is the first row. Time to recover: from the end of the fault to the end state.\n\n${lines.join("\n")}\n`;
	mkdirSync(ARTIFACTS, { recursive: true });
	writeFileSync(`${ARTIFACTS}faults.md`, markdown);
	console.log(`\n${lines.join("\n")}\n`);
	return markdown;
}
