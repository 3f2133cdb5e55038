/**
 * A province in SQL: the documented bulk path of bench:scale (docs/scale.md). Rows have the shape the
 * bot's own insert paths give (createIssue, then the lifecycle's events), generated with
 * generate_series instead of one transaction per command, so a million issues seed in minutes.
 */
import { sql } from "drizzle-orm";
import type { Db } from "../../../db/client.ts";
import { rowsOf } from "../../../db/raw-rows.ts";
import { POLICY } from "../../support/lifecycle-fixtures.ts";

export const CITIES = 12;
export const DEPARTMENTS = 324;
/** Department 1 takes a tenth of all issues: the busy department of `待办`. */
export const BUSY_DEPARTMENT = 1;
/** Problems the titles are made of; a rare word (变压器) marks one issue in a thousand. */
const PROBLEMS = [
	"用电报装进度慢",
	"厂区门口道路施工",
	"雨后排水不畅",
	"营业执照变更",
	"用地审批卡住",
	"消防验收排期",
	"招工困难",
	"融资贷款难",
];

export interface SeedSize {
	issues: number;
	enterprises: number;
}

export function seedSize(issues: number): SeedSize {
	return { issues, enterprises: Math.max(50_000, Math.ceil(issues / 20)) };
}

/** Seeds directory and ledger; returns the row counts. */
export async function seedProvince(db: Db, size: SeedSize, now: Date) {
	const run = (text: string) => db.execute(sql.raw(text));
	const iso = now.toISOString();
	const problems = `(array[${PROBLEMS.map((p) => `'${p}'`).join(",")}])`;
	await run(`
		insert into service_offices (code, name)
		select 'office-' || c, '第' || c || '市营商环境办'
		from generate_series(1, ${CITIES}) c;
		insert into departments (code, name)
		select 'dept-' || d, '第' || (1 + (d - 1) % ${CITIES}) || '市' || (array['供电公司','住建局','自然资源局','市场监管局','人社局','消防救援支队','交通运输局','水务局','税务局'])[1 + (d - 1) % 9] || d
		from generate_series(1, ${DEPARTMENTS}) d;
		insert into enterprises (code, name, sector, area, office_id)
		select 'ent-' || e, '福建省第' || e || '号精密机械有限公司', 'manufacturing', 'city-' || (1 + (e - 1) % ${CITIES}), 1 + (e - 1) % ${CITIES}
		from generate_series(1, ${size.enterprises}) e;
		insert into people (code, name, roles, department_id)
		select 'official-' || d, '干部' || d, array['official'], d from generate_series(1, ${DEPARTMENTS}) d;
		insert into people (code, name, roles, office_id)
		select 'desk-' || c, '专员' || c, array['office_staff'], c from generate_series(1, ${CITIES}) c;
		insert into people (code, name, roles) values ('leader-1', '分管领导', array['leader']);
		update departments set head_person_id = d.id, leader_person_id = (select id from people where code = 'leader-1')
		from people d where d.code = 'official-' || departments.id and departments.id <= ${DEPARTMENTS};
	`);
	// i ascends with time: issue i was raised (N − i)/N of three years ago. Older than 60 days means
	// settled (closed, a few withdrawn, one in 500 still accepted and long overdue); the last 60 days mix.
	await run(`
		insert into issues (number, enterprise_id, office_id, source_channel, source_message_id, title, body,
			category_code, tier, lead_department_id, state, version, colour, policy, transfer_count,
			dispatched_at, clock_started_at, accept_due_at, accepted_at, due_at, resolved_at, closed_at,
			created_at, updated_at)
		select to_char(t.created_at at time zone 'Asia/Shanghai', 'YYYY') || '-' || lpad(t.i::text, 7, '0'),
			t.ent, 1 + (t.ent - 1) % ${CITIES}, 'wechat', 'bench-' || t.i,
			${problems}[1 + t.p] || case when (t.h >> 3) & 1023 = 7 then '，变压器容量不够' else '' end,
			'企业反映：' || ${problems}[1 + t.p] || '，已影响生产，请尽快协调。编号' || t.i,
			'cat-' || (1 + t.p), 'department', t.dept, t.state,
			case t.state when 'dispatched' then 2 when 'accepted' then 3 when 'resolved' then 4 when 'closed' then 6 else 2 end,
			case when t.state in ('accepted','dispatched','awaiting_info') and t.created_at + interval '10 days' < '${iso}'
				then (array['yellow','orange','red'])[1 + t.i % 3] else 'green' end,
			'${JSON.stringify(POLICY)}'::jsonb, case when t.i % 40 = 0 then 1 else 0 end,
			t.created_at + interval '10 minutes', t.created_at + interval '10 minutes', t.created_at + interval '1 day',
			case when t.state <> 'dispatched' then t.created_at + interval '4 hours' end,
			t.created_at + interval '10 days' + case when t.i % 25 = 0 then interval '5 days' else interval '0' end,
			case when t.state in ('resolved','closed') then t.created_at + (1 + t.i % 12) * interval '1 day' end,
			case when t.state in ('closed','withdrawn') then t.created_at + (3 + t.i % 12) * interval '1 day' end,
			t.created_at, t.created_at
		from (
			select i, hashint4(i) & 7 as p, hashint4(i) as h, 1 + (i::bigint * 104729) % ${size.enterprises} as ent,
				case when i % 10 = 0 then ${BUSY_DEPARTMENT} else 1 + (i::bigint * 7919) % ${DEPARTMENTS} end as dept,
				c.created_at,
				case when c.created_at < '${iso}'::timestamptz - interval '60 days' then
					case when i % 500 = 0 then 'accepted' when i % 20 = 0 then 'withdrawn' else 'closed' end
				else (array['dispatched','accepted','accepted','awaiting_info','resolved','closed','closed','closed','accepted','dispatched'])[1 + i % 10] end as state
			from generate_series(1, ${size.issues}) i,
				lateral (select '${iso}'::timestamptz - (${size.issues} - i) * (interval '1095 days' / ${size.issues}) as created_at) c
		) t;
	`);
	// The events each state implies, in the order the lifecycle writes them.
	const event = (
		kind: string,
		from: string | null,
		to: string | null,
		version: number,
		at: string,
		where: string,
		payload = "{}",
	) =>
		run(`insert into issue_events (issue_id, actor_person_id, actor_label, kind, from_state, to_state, version, payload, created_at)
			select id, ${kind === "created" || kind === "dispatched" ? "null" : "(select id from people where code = 'official-' || lead_department_id)"},
				${kind === "created" || kind === "dispatched" ? "'system'" : "'干部'"}, '${kind}', ${from ? `'${from}'` : "null"}, ${to ? `'${to}'` : "null"},
				${version}, '${payload}'::jsonb, ${at}
			from issues where ${where}`);
	await event("created", null, "awaiting_dispatch", 1, "created_at", "true");
	await event(
		"dispatched",
		"awaiting_dispatch",
		"dispatched",
		2,
		"dispatched_at",
		"true",
	);
	await event(
		"accepted",
		"dispatched",
		"accepted",
		3,
		"accepted_at",
		"accepted_at is not null",
	);
	await event(
		"transferred",
		"dispatched",
		"dispatched",
		2,
		"dispatched_at + interval '1 hour'",
		"transfer_count > 0",
	);
	await event(
		"extension_requested",
		"accepted",
		"accepted",
		3,
		"due_at - interval '6 days'",
		"due_at - created_at > interval '11 days'",
		'{"workingDays":5}',
	);
	await event(
		"extension_approved",
		"accepted",
		"accepted",
		3,
		"due_at - interval '5 days'",
		"due_at - created_at > interval '11 days'",
		'{"workingDays":5}',
	);
	await event(
		"progress",
		"accepted",
		"accepted",
		3,
		"accepted_at + interval '2 days'",
		"accepted_at is not null and id % 3 = 0",
		'{"note":"已协调现场"}',
	);
	await event(
		"resolved",
		"accepted",
		"resolved",
		4,
		"resolved_at",
		"resolved_at is not null",
	);
	await event(
		"rated",
		"resolved",
		"resolved",
		5,
		"closed_at - interval '1 hour'",
		"state = 'closed' and id % 3 <> 0",
	);
	await event(
		"closed",
		"resolved",
		"closed",
		6,
		"closed_at",
		"state = 'closed'",
	);
	await event(
		"withdrawn",
		"dispatched",
		"withdrawn",
		3,
		"closed_at",
		"state = 'withdrawn'",
	);
	await run(`
		insert into ratings (issue_id, plan, process, result, comment, created_at)
		select id, 3 + id % 3, 2 + id % 4, 3 + id % 3, case when id % 7 = 0 then '满意' end, closed_at - interval '1 hour'
		from issues where state = 'closed' and id % 3 <> 0;
		insert into issue_co_handlers (issue_id, department_id, added_at)
		select id, 1 + lead_department_id % ${DEPARTMENTS}, dispatched_at from issues where id % 30 = 0;
		select setval('issue_number_seq', ${size.issues});
	`);
	await run("analyze");
	const counts = await db.execute(
		sql.raw(`select (select count(*) from issues)::int as issues, (select count(*) from issue_events)::int as events,
			(select count(*) from ratings)::int as ratings, (select count(*) from enterprises)::int as enterprises,
			(select count(*) from departments)::int as departments,
			(select count(*) from issues where state not in ('closed','withdrawn'))::int as open`),
	);
	return rowsOf<Record<string, number>>(counts)[0];
}
