import { LOCALES, type Locale } from "../../workflows/shared/locales.ts";

export { LOCALES, type Locale };

export type TextParams = Record<string, string | number>;
/** A text is a template with {name} placeholders, or a function for texts that need logic (plurals, lists). */
export type Text = string | ((params: TextParams) => string);

/**
 * One catalog per area (lifecycle, intake, commands …), each with every key in both locales.
 * The zh-CN half fixes the keys; the en half must have exactly the same ones.
 */
export function defineTexts<K extends string>(texts: {
	"zh-CN": Record<K, Text>;
	en: Record<K, Text>;
}) {
	return function render(
		locale: Locale,
		key: K,
		params: TextParams = {},
	): string {
		const text = texts[locale][key];
		if (typeof text === "function") return text(params);
		return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
			const value = params[name];
			return value === undefined ? whole : String(value);
		});
	};
}
