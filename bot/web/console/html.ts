/**
 * Server-side HTML with everything escaped: `html\`<td>${value}</td>\`` escapes `value` unless it is
 * already `Html` (another template, or `raw`). Arrays are concatenated; null, undefined and false vanish.
 */
export class Html {
	constructor(readonly value: string) {}
	toString(): string {
		return this.value;
	}
}

const ESCAPES: Record<string, string> = {
	"&": "&amp;",
	"<": "&lt;",
	">": "&gt;",
	'"': "&quot;",
	"'": "&#39;",
};

export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

function render(value: unknown): string {
	if (value instanceof Html) return value.value;
	if (Array.isArray(value)) return value.map(render).join("");
	if (value === null || value === undefined || value === false) return "";
	return escapeHtml(String(value));
}

export function html(
	strings: TemplateStringsArray,
	...values: unknown[]
): Html {
	let out = strings[0] ?? "";
	values.forEach((value, i) => {
		out += render(value) + (strings[i + 1] ?? "");
	});
	return new Html(out);
}

/** Trusted markup (our own CSS, SVG we built from numbers). Never pass user text here. */
export function raw(markup: string): Html {
	return new Html(markup);
}

/** JSON for a `<script type="application/json">` block: no `</script>` can close it early. */
export function jsonScript(id: string, data: unknown): Html {
	const json = JSON.stringify(data)
		.replace(/</g, "\\u003c")
		.replace(/\u2028/g, "\\u2028")
		.replace(/\u2029/g, "\\u2029");
	return raw(
		`<script type="application/json" id="${escapeHtml(id)}">${json}</script>`,
	);
}
