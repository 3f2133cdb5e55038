import type { Refusal, RefusalCode, RefusalParams } from "./types.ts";

/** A refusal as data; the runtime renders its text (bot/texts/lifecycle.ts `refusalText`). */
export function refusal(
	code: RefusalCode,
	params: RefusalParams = {},
): Refusal {
	return { code, params };
}

export function refused(
	code: RefusalCode,
	params: RefusalParams = {},
): { ok: false; refusal: Refusal } {
	return { ok: false, refusal: refusal(code, params) };
}
