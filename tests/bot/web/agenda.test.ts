/**
 * The joint meeting agenda at /console/agenda: what the chair's office prints before the meeting,
 * and who may open it.
 */
import { eq, inArray } from "drizzle-orm";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openRedis } from "../../../bot/pipeline/redis.ts";
import { createSession } from "../../../bot/web/console/auth.ts";
import { createLoginThrottle } from "../../../bot/web/console/login-throttle.ts";
import { createConsoleRoutes } from "../../../bot/web/console/routes.ts";
import { departments, people } from "../../../db/schema/directory.ts";
import { issueCoHandlers, issues } from "../../../db/schema/issues.ts";
import { describeEachDriver } from "../../support/databases.ts";
import {
	forgetTestKeys,
	randomPrefix,
	TEST_REDIS,
} from "../../support/redis.ts";
import {
	at,
	importDemoDirectory,
	seedIssues,
} from "../../support/reports-fixture.ts";

const NOW = at("03-20 10:00");
const silentLog = {
	info() {},
	warn() {},
	error() {},
	child() {
		return silentLog;
	},
};

const redis = openRedis(TEST_REDIS);
afterAll(async () => {
	await forgetTestKeys();
	await redis.quit();
});

describeEachDriver("joint meeting agenda", (database) => {
	let app: FastifyInstance;

	beforeAll(async () => {
		const { db } = database();
		await importDemoDirectory(db);
		await seedIssues(db, [
			{
				number: "2026-900100",
				title: "园区污水管网接入",
				enterprise: "xinyuan-machinery",
				department: "hrss",
				created: "03-02 09:00",
				state: "accepted",
				due: "03-25 17:30",
				colour: "orange",
				events: [
					["dispatched", "03-02 09:30", "dispatched"],
					["accepted", "03-02 10:00", "accepted"],
					[
						"tier_raised",
						"03-10 09:00",
						null,
						{ fromTier: "department", tier: "office", reason: "涉及多部门" },
					],
					[
						"tier_raised",
						"03-16 09:00",
						null,
						{
							fromTier: "office",
							tier: "joint_meeting",
							reason: "需住建、水务、环保共同会商",
						},
					],
				],
			},
			{
				number: "2026-900101",
				title: "招工难",
				enterprise: "xinyuan-machinery",
				department: "hrss",
				created: "03-05 09:00",
				state: "accepted",
				events: [["dispatched", "03-05 09:30", "dispatched"]],
			},
			{
				number: "2026-900102",
				title: "已办结的会商事项",
				enterprise: "xinyuan-machinery",
				department: "hrss",
				created: "03-01 09:00",
				state: "done",
				events: [
					[
						"tier_raised",
						"03-03 09:00",
						null,
						{ fromTier: "office", tier: "joint_meeting", reason: "旧理由" },
					],
				],
			},
		]);
		await db
			.update(issues)
			.set({ tier: "joint_meeting", categoryCode: "labour" })
			.where(inArray(issues.number, ["2026-900100", "2026-900102"]));
		const [water] = await db
			.select()
			.from(departments)
			.where(eq(departments.code, "water"));
		const [raised] = await db
			.select()
			.from(issues)
			.where(eq(issues.number, "2026-900100"));
		await db.insert(issueCoHandlers).values({
			issueId: raised?.id ?? 0,
			departmentId: water?.id ?? 0,
		});

		app = Fastify();
		await app.register(
			createConsoleRoutes({
				db,
				log: silentLog,
				locale: "zh-CN",
				now: () => NOW,
				loginThrottle: createLoginThrottle({ redis, prefix: randomPrefix() }),
			}),
			{ prefix: "/console" },
		);
		await app.ready();
	});

	afterAll(async () => {
		await app?.close();
	});

	const getAs = async (code: string | null, url: string) => {
		const headers: Record<string, string> = {};
		if (code) {
			const { db } = database();
			const [person] = await db
				.select()
				.from(people)
				.where(eq(people.code, code));
			if (!person) throw new Error(`no ${code}`);
			headers.cookie = `qq_console=${await createSession(db, person.id, NOW)}`;
		}
		return app.inject({ method: "GET", url, headers });
	};
	const section = (body: string, tier: string) =>
		body.split(`id="agenda-${tier}"`)[1]?.split("</section>")[0] ?? "";

	it("lists the open issue raised to the joint meeting with why it was raised, and nothing else", async () => {
		const response = await getAs("luo-xiaodong", "/console/agenda"); // supervisor
		expect(response.statusCode).toBe(200);
		const joint = section(response.body, "joint_meeting");
		expect(joint).toContain("2026-900100");
		expect(joint).toContain("三明鑫元精密机械");
		expect(joint).toContain("园区污水管网接入");
		expect(joint).toContain("用工");
		expect(joint).toContain("三元区人力资源和社会保障局");
		expect(joint).toContain("三元区水务有限公司"); // co-handling
		expect(joint).toContain("18天"); // 2 March → 20 March
		expect(joint).toContain("需住建、水务、环保共同会商");
		expect(joint).not.toContain("涉及多部门"); // an earlier raise, not the latest
		expect(joint).toContain("3月25日 17:30");
		expect(joint).toContain("c-orange");
		expect(response.body).not.toContain("2026-900101"); // department tier
		expect(response.body).not.toContain("2026-900102"); // finished
		expect(section(response.body, "province")).toContain("暂无");
		expect(response.body).toContain("window.print()");
		expect(response.body).toContain("@media print");
		expect(response.body).toContain('href="/console/agenda"');
	});

	it("shows the industry office's staff the issues of its enterprises", async () => {
		const response = await getAs("liu-jianping", "/console/agenda");
		expect(response.statusCode).toBe(200);
		expect(section(response.body, "joint_meeting")).toContain("2026-900100");
	});

	it("refuses a department official, and sends a stranger to the login", async () => {
		const official = await getAs("wu-qinghua", "/console/agenda"); // 人社, the issue's own department
		expect(official.statusCode).toBe(403);
		expect(official.body).not.toContain("2026-900100");
		const issuesPage = await getAs("wu-qinghua", "/console/issues");
		expect(issuesPage.body).not.toContain('href="/console/agenda"');

		const stranger = await getAs(null, "/console/agenda");
		expect(stranger.statusCode).toBe(302);
		expect(stranger.headers.location).toContain("/console/login");
	});
});
