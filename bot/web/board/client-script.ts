/**
 * The board's script, served as /board/board.js: rotate pages every few seconds and replace the rows
 * when the server says they changed (Server-Sent Events). Plain browser JavaScript, no library.
 */
export const BOARD_SCRIPT = `"use strict";
(function () {
	var data = JSON.parse(document.getElementById("board-data").textContent);
	var cfg = data.config;
	var rows = data.rows;
	var page = 0;
	var tbody = document.getElementById("board-rows");
	var pager = document.getElementById("board-pager");
	var count = document.getElementById("board-count");
	var updated = document.getElementById("board-updated");
	var FIELDS = ["enterprise", "category", "department", "state", "deadline", "head", "leader"];

	function pages() { return Math.max(1, Math.ceil(rows.length / cfg.pageSize)); }
	function fill(template, values) {
		return template.replace(/\\{(\\w+)\\}/g, function (_, k) { return String(values[k]); });
	}
	function cell(tr, text, className) {
		var td = document.createElement("td");
		td.textContent = text;
		if (className) td.className = className;
		tr.appendChild(td);
		return td;
	}
	function render() {
		page = page % pages();
		tbody.textContent = "";
		if (rows.length === 0) {
			var tr = document.createElement("tr");
			var td = cell(tr, cfg.texts.empty, "empty");
			td.colSpan = 8;
			tbody.appendChild(tr);
		}
		rows.slice(page * cfg.pageSize, (page + 1) * cfg.pageSize).forEach(function (row, i) {
			var tr = document.createElement("tr");
			tr.className = "colour-" + row.colour;
			cell(tr, String(page * cfg.pageSize + i + 1), "index");
			FIELDS.forEach(function (field) {
				cell(tr, row[field], field);
			});
			tbody.appendChild(tr);
		});
		pager.textContent = fill(cfg.texts.page, { page: page + 1, pages: pages() });
		count.textContent = fill(cfg.texts.count, { count: rows.length });
		document.body.setAttribute("data-page", String(page + 1));
		document.body.setAttribute("data-pages", String(pages()));
	}
	function stamp(at) {
		updated.textContent = fill(cfg.texts.updated, { time: at });
	}
	render();
	stamp(data.updatedAt);
	setInterval(function () {
		if (pages() > 1) { page = (page + 1) % pages(); render(); }
	}, cfg.rotateMs);
	if (window.EventSource) {
		var source = new EventSource(cfg.eventsUrl);
		source.addEventListener("rows", function (event) {
			var next = JSON.parse(event.data);
			rows = next.rows;
			render();
			stamp(next.updatedAt);
			document.body.setAttribute("data-version", next.version);
		});
	}
})();
`;
