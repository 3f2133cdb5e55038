/** The playground page as a person uses it in the browser tests: open a chat as someone, say something. */
import type { Browser, Page } from "playwright-core";
import { expect } from "vitest";

export const PLAYGROUND_VIEWPORT = { width: 1000, height: 700 };

/** The playground in a new page, as `personId` (「我是」), in the chat named `chat` (a group or 与亲清助手的私信). */
export async function openPlaygroundAs(
	browser: Browser,
	url: string,
	personId: string,
	chat: string,
): Promise<Page> {
	const page = await browser.newPage({ viewport: PLAYGROUND_VIEWPORT });
	page.setDefaultTimeout(20_000);
	await page.goto(`${url}/playground/`);
	await page.getByLabel("我是").selectOption(personId);
	await page.getByRole("button", { name: chat }).click();
	await page.getByRole("heading", { name: chat }).waitFor();
	return page;
}

/** Types and sends; returns once the page has cleared the box (the bot has taken the message in). */
export async function sayOnPlayground(page: Page, text: string): Promise<void> {
	const composer = page.getByRole("textbox", { name: "消息内容" });
	await composer.fill(text);
	await composer.press("Enter");
	await expect.poll(() => composer.inputValue()).toBe("");
}
