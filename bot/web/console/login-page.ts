/** The login form, and the confirmation behind a one-time link (a link preview must not use it up). */
import type { Locale } from "../../texts/catalog.ts";
import { consoleText } from "../../texts/console.ts";
import { html } from "./html.ts";
import { type PageContext, page } from "./layout.ts";

export function loginPage(
	ctx: PageContext,
	options: { next?: string; error?: string; code?: string },
): string {
	const t = (key: Parameters<typeof consoleText>[1]) =>
		consoleText(ctx.locale, key);
	return page(
		ctx,
		t("login_title"),
		html`<form class="login" method="post" action="${ctx.base}/login">
${options.error ? html`<p class="error" role="alert">${options.error}</p>` : ""}
<input type="hidden" name="_csrf" value="${ctx.csrfToken}">
<input type="hidden" name="next" value="${options.next ?? ""}">
<label>${t("login_person")}<input name="code" autocomplete="username" required value="${options.code ?? ""}"></label>
<label>${t("login_password")}<input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">${t("login_submit")}</button>
<p class="muted">${t("login_link_hint")}</p>
</form>`,
	);
}

export function loginLinkPage(ctx: PageContext, token: string): string {
	const t = (key: Parameters<typeof consoleText>[1]) =>
		consoleText(ctx.locale, key);
	return page(
		ctx,
		t("login_title"),
		html`<form class="login" method="post" action="${ctx.base}/login/${token}">
<input type="hidden" name="_csrf" value="${ctx.csrfToken}">
<button type="submit">${t("login_submit")}</button>
</form>`,
	);
}

export function messagePage(
	ctx: PageContext,
	locale: Locale,
	key: Parameters<typeof consoleText>[1],
): string {
	return page(ctx, consoleText(locale, key), html``);
}
