/**
 * The board's script, served as /board/board.js: show one page of rows, ask the server for the next
 * page (rows.json?after=<cursor>) every few seconds and start again from the first after the last,
 * and take the first page and the count from the server's event stream when they change (Server-Sent
 * Events). The browser never holds more than a page. Plain browser JavaScript, no library.
 */
export const BOARD_SCRIPT = `"use strict";
(function () {
	var data = JSON.parse(document.getElementById("board-data").textContent);
	var cfg = data.config;
	var rows = data.rows;
	var next = data.next;
	var total = data.total;
	var page = 1;
	var loading = false;
	var tbody = document.getElementById("board-rows");
	var pager = document.getElementById("board-pager");
	var count = document.getElementById("board-count");
	var updated = document.getElementById("board-updated");
	var FIELDS = ["enterprise", "category", "department", "state", "deadline", "head", "leader"];

	function pages() { return Math.max(1, Math.ceil(total / cfg.pageSize), page); }
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
		tbody.textContent = "";
		if (rows.length === 0) {
			var tr = document.createElement("tr");
			var td = cell(tr, cfg.texts.empty, "empty");
			td.colSpan = 8;
			tbody.appendChild(tr);
		}
		rows.forEach(function (row, i) {
			var tr = document.createElement("tr");
			tr.className = "colour-" + row.colour;
			cell(tr, String((page - 1) * cfg.pageSize + i + 1), "index");
			FIELDS.forEach(function (field) {
				cell(tr, row[field], field);
			});
			tbody.appendChild(tr);
		});
		pager.textContent = fill(cfg.texts.page, { page: page, pages: pages() });
		count.textContent = fill(cfg.texts.count, { count: total });
		document.body.setAttribute("data-page", String(page));
		document.body.setAttribute("data-pages", String(pages()));
	}
	function stamp(at) {
		updated.textContent = fill(cfg.texts.updated, { time: at });
	}
	/** The next page, or the first after the last; a failed request leaves the screen as it is. */
	function turn() {
		if (loading || (page === 1 && !next)) return;
		loading = true;
		var url = next ? cfg.rowsUrl + "?after=" + encodeURIComponent(next) : cfg.rowsUrl;
		fetch(url, { cache: "no-store" })
			.then(function (response) {
				if (!response.ok) throw new Error(String(response.status));
				return response.json();
			})
			.then(function (got) {
				// The rest of the board went away since: the first page at the next turn.
				if (next && got.rows.length === 0) { next = null; return; }
				page = next ? page + 1 : 1;
				rows = got.rows;
				next = got.next;
				total = got.total;
				render();
			})
			.catch(function () {})
			.then(function () { loading = false; });
	}
	render();
	stamp(data.updatedAt);
	setInterval(turn, cfg.rotateMs);
	if (window.EventSource) {
		var source = new EventSource(cfg.eventsUrl);
		source.addEventListener("rows", function (event) {
			var first = JSON.parse(event.data);
			total = first.total;
			// The first page is replaced in place; a later page stays until the screen turns.
			if (page === 1) { rows = first.rows; next = first.next; }
			render();
			stamp(first.updatedAt);
			document.body.setAttribute("data-version", first.version);
		});
	}
})();
`;
