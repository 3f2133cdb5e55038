/**
 * WeCom's server side, local: the AI bot's long connection (a WebSocket server speaking the frames of
 * @wecom/aibot-node-sdk and WeCom's 长连接 documentation — aibot_subscribe, ping, aibot_msg_callback,
 * aibot_event_callback, aibot_send_msg, each answered by an ack with the request's req_id and an
 * errcode) and the HTTP API (cgi-bin/gettoken, cgi-bin/message/send, cgi-bin/webhook/send), recording
 * what the bot sent.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";

export interface GroupSend {
	chatid: string;
	msgtype: string;
	markdown?: { content: string };
	template_card?: {
		main_title?: { title?: string; desc?: string };
		sub_title_text?: string;
		button_list?: Array<{ text: string; key: string }>;
		task_id?: string;
	};
}

export interface AppMessage {
	touser: string;
	agentid: number;
	content: string;
}

export interface WebhookMessage {
	key: string;
	content: string;
	mentioned: string[];
}

export interface FakeWecom {
	wsUrl: string;
	apiUrl: string;
	botId: string;
	botSecret: string;
	corpId: string;
	agentSecret: string;
	agentId: number;
	/** Pushes a message callback to the signed-in connection; returns the body pushed. */
	pushMessage(body: Record<string, unknown>): void;
	pushEvent(body: Record<string, unknown>): void;
	/** Whether a signed-in connection is open. */
	connected(): boolean;
	/** How many times the bot signed in. */
	signIns(): number;
	/** Cuts the long connection, as a network drop would. */
	dropConnection(): void;
	/** Makes the current access token invalid, as WeCom does when it expires (errcode 42001). */
	expireToken(): void;
	/** The next n sends of application messages are refused with this errcode. */
	refuseAppMessages(errcode: number, times: number): void;
	groupSends(): GroupSend[];
	appMessages(): AppMessage[];
	webhookMessages(): WebhookMessage[];
	tokenRequests(): number;
	/** The access token WeCom handed out last. */
	accessToken(): string;
	close(): Promise<void>;
}

interface Frame {
	cmd?: string;
	headers?: { req_id?: string };
	body?: Record<string, unknown>;
}

export async function startFakeWecom(): Promise<FakeWecom> {
	const botId = "aibFAKEBOT01";
	const botSecret = randomBytes(12).toString("hex");
	const corpId = "wwFAKECORP01";
	const agentSecret = randomBytes(12).toString("hex");
	const agentId = 1000002;
	let token = randomBytes(16).toString("hex");
	let tokenRequests = 0;
	let refusals: { errcode: number; times: number } = { errcode: 0, times: 0 };
	let signIns = 0;
	const groupSends: GroupSend[] = [];
	const appMessages: AppMessage[] = [];
	const webhookMessages: WebhookMessage[] = [];
	const signedIn = new Set<WebSocket>();

	const server = createServer(async (request, response) => {
		const url = new URL(request.url ?? "/", "http://fake");
		const reply = (body: unknown) => {
			response.setHeader("content-type", "application/json");
			response.end(JSON.stringify(body));
		};
		if (url.pathname === "/cgi-bin/gettoken") {
			tokenRequests++;
			if (
				url.searchParams.get("corpid") !== corpId ||
				url.searchParams.get("corpsecret") !== agentSecret
			)
				return reply({ errcode: 40001, errmsg: "invalid credential" });
			return reply({
				errcode: 0,
				errmsg: "ok",
				access_token: token,
				expires_in: 7200,
			});
		}
		const body = (await readJson(request)) as Record<string, unknown>;
		if (url.pathname === "/cgi-bin/message/send") {
			if (url.searchParams.get("access_token") !== token)
				return reply({ errcode: 42001, errmsg: "access_token expired" });
			if (refusals.times > 0) {
				refusals.times--;
				return reply({ errcode: refusals.errcode, errmsg: "refused" });
			}
			appMessages.push({
				touser: String(body.touser),
				agentid: Number(body.agentid),
				content: String((body.text as { content?: string })?.content ?? ""),
			});
			return reply({
				errcode: 0,
				errmsg: "ok",
				msgid: `app-${appMessages.length}`,
			});
		}
		if (url.pathname === "/cgi-bin/webhook/send") {
			const text = body.text as
				| { content?: string; mentioned_list?: string[] }
				| undefined;
			webhookMessages.push({
				key: url.searchParams.get("key") ?? "",
				content: text?.content ?? "",
				mentioned: text?.mentioned_list ?? [],
			});
			return reply({ errcode: 0, errmsg: "ok" });
		}
		response.statusCode = 404;
		response.end();
	});
	const wss = new WebSocketServer({ server });
	wss.on("connection", (socket) => {
		socket.on("message", (data) => {
			const frame = JSON.parse(String(data)) as Frame;
			const reqId = frame.headers?.req_id ?? "";
			const ack = (errcode = 0, errmsg = "ok") =>
				socket.send(
					JSON.stringify({ headers: { req_id: reqId }, errcode, errmsg }),
				);
			switch (frame.cmd) {
				case "aibot_subscribe": {
					const ok =
						frame.body?.bot_id === botId && frame.body?.secret === botSecret;
					if (!ok) return ack(40058, "invalid bot_id or secret");
					signIns++;
					signedIn.add(socket);
					return ack();
				}
				case "ping":
					return ack();
				case "aibot_send_msg": {
					if (!signedIn.has(socket)) return ack(40058, "not subscribed");
					groupSends.push(frame.body as unknown as GroupSend);
					return ack();
				}
				case "aibot_respond_msg":
				case "aibot_respond_update_msg":
					return ack();
				default:
					return ack(40004, "unknown cmd");
			}
		});
		socket.on("close", () => signedIn.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	const { port } = server.address() as AddressInfo;

	function push(cmd: string, body: Record<string, unknown>) {
		const frame = JSON.stringify({
			cmd,
			headers: { req_id: `${cmd}-${randomBytes(6).toString("hex")}` },
			body,
		});
		for (const socket of signedIn) socket.send(frame);
	}

	return {
		wsUrl: `ws://127.0.0.1:${port}/aibot`,
		apiUrl: `http://127.0.0.1:${port}`,
		botId,
		botSecret,
		corpId,
		agentSecret,
		agentId,
		pushMessage: (body) => push("aibot_msg_callback", body),
		pushEvent: (body) => push("aibot_event_callback", body),
		connected: () => signedIn.size > 0,
		signIns: () => signIns,
		dropConnection() {
			for (const socket of signedIn) socket.terminate();
			signedIn.clear();
		},
		expireToken() {
			token = randomBytes(16).toString("hex");
		},
		refuseAppMessages(errcode, times) {
			refusals = { errcode, times };
		},
		groupSends: () => [...groupSends],
		appMessages: () => [...appMessages],
		webhookMessages: () => [...webhookMessages],
		tokenRequests: () => tokenRequests,
		accessToken: () => token,
		async close() {
			for (const socket of wss.clients) socket.terminate();
			await new Promise<void>((resolve) => wss.close(() => resolve()));
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

async function readJson(request: IncomingMessage): Promise<unknown> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) chunks.push(chunk as Buffer);
	const text = Buffer.concat(chunks).toString("utf8");
	return text ? JSON.parse(text) : {};
}

let sequence = 0;
/** A user's text message as WeCom's long connection delivers it (the bot @-ed at the start). */
export function wecomText(parts: {
	userid: string;
	text: string;
	chatid?: string;
	botName?: string;
	msgid?: string;
}): Record<string, unknown> {
	sequence++;
	return {
		msgid: parts.msgid ?? `msg${Date.now()}${sequence}`,
		aibotid: "aibFAKEBOT01",
		...(parts.chatid
			? { chatid: parts.chatid, chattype: "group" }
			: { chattype: "single" }),
		from: { userid: parts.userid },
		create_time: Math.floor(Date.now() / 1000),
		msgtype: "text",
		text: {
			content: parts.chatid
				? `@${parts.botName ?? "亲清助手"} ${parts.text}`
				: parts.text,
		},
	};
}

/** A press of a template-card button, as WeCom's long connection delivers it. */
export function wecomCardClick(parts: {
	userid: string;
	chatid: string;
	eventKey: string;
	taskId: string;
}): Record<string, unknown> {
	sequence++;
	return {
		msgid: `evt${Date.now()}${sequence}`,
		aibotid: "aibFAKEBOT01",
		chatid: parts.chatid,
		chattype: "group",
		from: { userid: parts.userid },
		create_time: Math.floor(Date.now() / 1000),
		msgtype: "event",
		event: {
			eventtype: "template_card_event",
			template_card_event: {
				card_type: "button_interaction",
				event_key: parts.eventKey,
				task_id: parts.taskId,
			},
		},
	};
}
