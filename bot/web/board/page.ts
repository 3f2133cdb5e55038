/** The board page: a wall screen, black with red type as in 三元区's lobby; rows from public-rows.ts only. */
import { boardText } from "../../texts/board.ts";
import type { Locale } from "../../texts/catalog.ts";
import { html, jsonScript, raw } from "../console/html.ts";
import type { BoardSnapshot } from "./live.ts";

export interface BoardPageConfig {
	rotateMs: number;
	pageSize: number;
	eventsUrl: string;
	rowsUrl: string;
	scriptUrl: string;
}

const STYLE = `
html, body { margin: 0; background: #000; color: #ff2b2b; font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", sans-serif; }
body { padding: 1.2vw 2vw; box-sizing: border-box; min-height: 100vh; font-size: clamp(16px, 1.6vw, 44px); }
header { display: flex; align-items: baseline; justify-content: space-between; border-bottom: 0.25em solid #ff2b2b; padding-bottom: 0.3em; }
h1 { font-size: 2.4em; margin: 0; letter-spacing: 0.1em; }
h2 { font-size: 1.6em; margin: 0.5em 0; text-align: center; letter-spacing: 0.2em; }
.meta { font-size: 0.9em; text-align: right; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
th, td { border: 2px solid #ff2b2b; padding: 0.35em 0.45em; vertical-align: top; line-height: 1.35; word-break: break-all; }
th { font-size: 0.95em; background: #1a0000; }
td.index { text-align: center; }
td.empty { text-align: center; padding: 2em; }
col.c-index { width: 5%; } col.c-enterprise { width: 14%; } col.c-category { width: 10%; } col.c-department { width: 20%; }
col.c-state { width: 10%; } col.c-deadline { width: 19%; } col.c-head { width: 11%; } col.c-leader { width: 11%; }
tr.colour-red td.deadline { color: #ff2b2b; } tr.colour-orange td.deadline { color: #ff8c1a; } tr.colour-yellow td.deadline { color: #ffd400; }
td.deadline { font-weight: bold; }
footer { display: flex; justify-content: space-between; margin-top: 0.6em; font-size: 0.9em; }
`;

export function boardPage(
	locale: Locale,
	snapshot: BoardSnapshot,
	config: BoardPageConfig,
): string {
	const t = (key: Parameters<typeof boardText>[1], params = {}) =>
		boardText(locale, key, params);
	const first = snapshot.rows;
	const pages = Math.max(1, Math.ceil(snapshot.total / config.pageSize));
	const columns = [
		["index", "col_index"],
		["enterprise", "col_enterprise"],
		["category", "col_category"],
		["department", "col_department"],
		["state", "col_state"],
		["deadline", "col_deadline"],
		["head", "col_head"],
		["leader", "col_leader"],
	] as const;
	return html`<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t("page_title")}</title>
<style>${raw(STYLE)}</style>
</head>
<body data-page="1" data-pages="${pages}" data-version="${snapshot.version}">
<header><h1>${t("heading")}</h1><div class="meta" id="board-updated">${t("updated", { time: snapshot.updatedAt })}</div></header>
<h2>${t("table_title")}</h2>
<table>
<colgroup>${columns.map(([c]) => html`<col class="c-${c}">`)}</colgroup>
<thead><tr>${columns.map(([, key]) => html`<th>${t(key)}</th>`)}</tr></thead>
<tbody id="board-rows">${
		first.length === 0
			? html`<tr><td class="empty" colspan="8">${t("empty")}</td></tr>`
			: first.map(
					(row, i) =>
						html`<tr class="colour-${row.colour}"><td class="index">${i + 1}</td><td class="enterprise">${row.enterprise}</td><td class="category">${row.category}</td><td class="department">${row.department}</td><td class="state">${row.state}</td><td class="deadline">${row.deadline}</td><td class="head">${row.head}</td><td class="leader">${row.leader}</td></tr>`,
				)
	}</tbody>
</table>
<footer><span id="board-count">${t("count", { count: snapshot.total })}</span><span id="board-pager">${t("page", { page: 1, pages })}</span></footer>
${jsonScript("board-data", {
	rows: snapshot.rows,
	next: snapshot.next,
	total: snapshot.total,
	updatedAt: snapshot.updatedAt,
	version: snapshot.version,
	config: {
		rotateMs: config.rotateMs,
		pageSize: config.pageSize,
		eventsUrl: config.eventsUrl,
		rowsUrl: config.rowsUrl,
		texts: {
			empty: t("empty"),
			page: boardText(locale, "page"),
			count: boardText(locale, "count"),
			updated: boardText(locale, "updated"),
		},
	},
})}
<script src="${config.scriptUrl}"></script>
</body>
</html>`.value;
}
