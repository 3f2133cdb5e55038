/** The languages a deployment may speak. The texts themselves live in the runtime's catalogs (bot/texts/). */
export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];
