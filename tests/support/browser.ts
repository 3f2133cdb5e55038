import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

/** Debian's Chromium (apt). The tests never download a browser. */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/** Headless Chromium for page tests; close it in afterAll. */
export async function launchBrowser(): Promise<Browser> {
	if (!existsSync(CHROMIUM_PATH)) {
		throw new Error(
			`Chromium not found at ${CHROMIUM_PATH}: install it with "apt-get install chromium"`,
		);
	}
	return chromium.launch({
		executablePath: CHROMIUM_PATH,
		args: [
			"--headless=new",
			"--no-sandbox",
			"--disable-gpu",
			"--disable-quic",
			"--no-first-run",
			"--disable-background-networking",
			"--disable-component-update",
			"--disable-sync",
		],
	});
}
