import { mkdir } from "node:fs/promises";
import type { Page } from "playwright-core";

/**
 * The pictures in docs/images/, committed. Rewritten only with UPDATE_SCREENSHOTS=1 (and a CJK font
 * installed, e.g. fonts-wqy-microhei), so an ordinary run never replaces them with boxes where the
 * characters go.
 */
export const DOC_IMAGES = "docs/images";
export const UPDATE_SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === "1";

export async function docScreenshot(
	page: Page,
	name: string,
	options: { fullPage?: boolean } = {},
): Promise<void> {
	if (!UPDATE_SCREENSHOTS) return;
	await mkdir(DOC_IMAGES, { recursive: true });
	await page.screenshot({ path: `${DOC_IMAGES}/${name}.png`, ...options });
}
