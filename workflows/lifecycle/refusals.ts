import { inAllLocales, type TextParams } from "../../bot/texts/catalog.ts";
import { lifecycleText } from "../../bot/texts/lifecycle.ts";
import type { Refusal, RefusalCode } from "./types.ts";

export function refusal(code: RefusalCode, params: TextParams = {}): Refusal {
	return { code, params, message: inAllLocales(lifecycleText, code, params) };
}

export function refused(
	code: RefusalCode,
	params: TextParams = {},
): { ok: false; refusal: Refusal } {
	return { ok: false, refusal: refusal(code, params) };
}
