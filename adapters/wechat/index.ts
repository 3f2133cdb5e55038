/**
 * The WeChat adapter: a Wechaty bot behind the ChatAdapter interface. Wechaty types never leave
 * this folder.
 */
import qrcodeTerminal from "qrcode-terminal";
import {
	type Message,
	qrcodeValueToImageUrl,
	ScanStatus,
	types,
	type Wechaty,
	WechatyBuilder,
	type WechatyOptions,
} from "wechaty";
import type { ChatAdapter, InboundSink } from "../../bot/adapter.ts";
import { WECHAT_CAPABILITIES } from "./capabilities.ts";
import { extractWechatMessage } from "./extract.ts";
import { parseWechatMessage } from "./parse.ts";
import { sendWechatMessage } from "./send.ts";

export type WechatPuppet =
	| string
	| Exclude<WechatyOptions["puppet"], string | undefined>;

export interface WechatStatus {
	state: "scanning" | "logged_in" | "logged_out" | "error";
	/** The logged-in account's name. */
	user?: string;
	detail?: string;
}

export interface WechatAdapterOptions {
	/** A puppet npm name ("wechaty-puppet-service", "wechaty-puppet-wechat4u", …) or a Puppet instance. */
	puppet: WechatPuppet;
	/** Passed to a puppet given by name (e.g. `{ token }` for wechaty-puppet-service). */
	puppetOptions?: Record<string, unknown>;
	/** Names the Wechaty session file (`<name>.memory-card.json`), so a restart needs no new scan. */
	name?: string;
	/** Receives the value to encode in the login QR code (a login URL) each time a new one is issued. */
	onLoginQr?: (url: string) => void;
	onStatus?: (status: WechatStatus) => void;
	/** Draw the login QR code in the terminal (default true). */
	printQr?: boolean;
	/** First wait before offering a message the bot could not take again; doubles up to 30 s. */
	handOffRetryMs?: number;
}

/**
 * Wechaty may replay recent history after a login. Messages sent before start are not delivered,
 * except within this allowance for clock differences between WeChat and this machine (the
 * pipeline drops the few repeats by message id).
 */
const HISTORY_GRACE_MS = 60_000;
const HAND_OFF_RETRY_CAP_MS = 30_000;

export function createWechatAdapter(
	options: WechatAdapterOptions,
): ChatAdapter {
	let bot: Wechaty | undefined;
	let stopping = false;
	let delivering: Promise<void> = Promise.resolve();
	const report = (status: WechatStatus) => options.onStatus?.(status);

	function buildWechaty(): Wechaty {
		const { puppet, puppetOptions, name } = options;
		const wechatyOptions =
			typeof puppet === "string"
				? {
						puppet,
						...(puppetOptions && { puppetOptions }),
						...(name && { name }),
					}
				: { puppet, ...(name && { name }) };
		return WechatyBuilder.build(wechatyOptions as WechatyOptions);
	}

	async function deliver(
		wechaty: Wechaty,
		message: Message,
		sink: InboundSink,
		notBeforeMs: number,
	): Promise<void> {
		try {
			if (message.self()) return;
			if (message.date().getTime() < notBeforeMs) return;
			// Official accounts (公众号) push articles into direct chats; they are never a request.
			if (message.talker().type() === types.Contact.Official) return;
			const fields = await extractWechatMessage(message, wechaty.currentUser);
			await handOff(parseWechatMessage(fields), sink);
		} catch (error) {
			report({
				state: "error",
				detail: `inbound message ${message.id} not delivered: ${errorText(error)}`,
			});
		}
	}

	/**
	 * WeChat does not deliver a message twice: one the bot cannot take (its queue and spool both
	 * away) is offered again, with backoff, until it is taken or the adapter stops. Messages behind
	 * it wait, so the order holds.
	 */
	async function handOff(
		inbound: Parameters<InboundSink>[0],
		sink: InboundSink,
	): Promise<void> {
		let waitMs = options.handOffRetryMs ?? 1000;
		for (let attempt = 1; ; attempt++) {
			try {
				await sink(inbound);
				return;
			} catch (error) {
				if (stopping) throw error;
				if (attempt === 1)
					report({
						state: "error",
						detail: `inbound message ${inbound.messageId} not taken, will retry: ${errorText(error)}`,
					});
				await new Promise((resolve) => setTimeout(resolve, waitMs));
				waitMs = Math.min(waitMs * 2, HAND_OFF_RETRY_CAP_MS);
			}
		}
	}

	function showQr(qrcode: string, status: ScanStatus): void {
		report({ state: "scanning", detail: ScanStatus[status] });
		if (!qrcode) return;
		if (status !== ScanStatus.Waiting && status !== ScanStatus.Timeout) return;
		if (options.printQr ?? true) {
			qrcodeTerminal.generate(qrcode, { small: true }, (art) => {
				process.stdout.write(
					`Scan with the WeChat account the bot should use:\n${art}\n${qrcodeValueToImageUrl(qrcode)}\n`,
				);
			});
		}
		options.onLoginQr?.(qrcode);
	}

	return {
		platform: "wechat",
		capabilities: WECHAT_CAPABILITIES,

		async start(sink) {
			if (bot) throw new Error("the WeChat adapter is already started");
			stopping = false;
			const wechaty = buildWechaty();
			bot = wechaty;
			const notBeforeMs = Date.now() - HISTORY_GRACE_MS;
			wechaty.on("message", (message) => {
				delivering = delivering.then(() =>
					deliver(wechaty, message, sink, notBeforeMs),
				);
			});
			wechaty.on("scan", showQr);
			wechaty.on("login", (user) =>
				report({ state: "logged_in", user: user.name() }),
			);
			wechaty.on("logout", (user, reason) =>
				report({
					state: "logged_out",
					user: user.name(),
					...(reason && { detail: reason }),
				}),
			);
			wechaty.on("error", (error) =>
				report({ state: "error", detail: errorText(error) }),
			);
			await wechaty.start();
		},

		async stop() {
			const wechaty = bot;
			if (!wechaty) return;
			bot = undefined;
			stopping = true;
			await wechaty.stop();
			await delivering;
		},

		async send(message) {
			if (!bot) throw new Error("the WeChat adapter is not started");
			return sendWechatMessage(bot, message);
		},
	};
}

function errorText(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
