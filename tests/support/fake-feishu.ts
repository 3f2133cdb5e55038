/**
 * Feishu's server side, faked on a free local port from the SDK's long-connection protocol and the
 * official API shapes: the endpoint call (POST /callback/ws/endpoint → a WebSocket URL and client
 * settings), then binary protobuf frames (pbbp2.Frame: data frames carrying event JSON, which the
 * client answers with a frame of the same headers; control frames for ping/pong), the tenant token,
 * bot info, and the IM message API. The frames are encoded here by hand from the field numbers.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";

export const FAKE_FEISHU_APP_ID = "cli_a1b2c3d4e5f60718";
export const FAKE_FEISHU_APP_SECRET = "fake-feishu-secret-never-logged";
export const FAKE_FEISHU_BOT = "ou_botqinqing000000000000000001";

// --- pbbp2.Frame, by hand: 1 SeqID, 2 LogID, 3 service, 4 method (varints); 5 headers (key 1, value 2);
// 6 payloadEncoding, 7 payloadType, 8 payload (bytes); 9 LogIDNew.
export interface Frame {
	method: number;
	service: number;
	headers: Record<string, string>;
	payload?: Uint8Array;
}

function varint(value: number): number[] {
	const out: number[] = [];
	let v = value;
	while (v > 0x7f) {
		out.push((v & 0x7f) | 0x80);
		v = Math.floor(v / 128);
	}
	out.push(v);
	return out;
}

function field(number: number, bytes: Uint8Array): number[] {
	return [...varint((number << 3) | 2), ...varint(bytes.length), ...bytes];
}

const utf8 = (text: string) => new TextEncoder().encode(text);

export function encodeFrame(frame: Frame): Uint8Array {
	const out: number[] = [
		...varint(1 << 3),
		0,
		...varint(2 << 3),
		0,
		...varint(3 << 3),
		...varint(frame.service),
		...varint(4 << 3),
		...varint(frame.method),
	];
	for (const [key, value] of Object.entries(frame.headers))
		out.push(
			...field(
				5,
				new Uint8Array([...field(1, utf8(key)), ...field(2, utf8(value))]),
			),
		);
	if (frame.payload) out.push(...field(8, frame.payload));
	return new Uint8Array(out);
}

function readFields(
	bytes: Uint8Array,
): Array<{ number: number; value: number | Uint8Array }> {
	const fields: Array<{ number: number; value: number | Uint8Array }> = [];
	let pos = 0;
	const readVarint = () => {
		let result = 0;
		let shift = 1;
		for (;;) {
			const byte = bytes[pos++] ?? 0;
			result += (byte & 0x7f) * shift;
			if (byte < 0x80) return result;
			shift *= 128;
		}
	};
	while (pos < bytes.length) {
		const tag = readVarint();
		const number = tag >>> 3;
		if ((tag & 7) === 0) fields.push({ number, value: readVarint() });
		else {
			const length = readVarint();
			fields.push({ number, value: bytes.subarray(pos, pos + length) });
			pos += length;
		}
	}
	return fields;
}

export function decodeFrame(bytes: Uint8Array): Frame {
	const frame: Frame = { method: 0, service: 0, headers: {} };
	const text = (v: number | Uint8Array) =>
		typeof v === "number" ? String(v) : new TextDecoder().decode(v);
	for (const { number, value } of readFields(bytes)) {
		if (number === 3 && typeof value === "number") frame.service = value;
		if (number === 4 && typeof value === "number") frame.method = value;
		if (number === 8 && typeof value !== "number") frame.payload = value;
		if (number === 5 && typeof value !== "number") {
			const parts = readFields(value);
			const key = parts.find((p) => p.number === 1)?.value ?? 0;
			const found = parts.find((p) => p.number === 2)?.value ?? 0;
			frame.headers[text(key)] = text(found);
		}
	}
	return frame;
}

// --- the fake

export interface ShownFeishu {
	messageId: string;
	/** The chat id, or the person's id for a direct message. */
	conversationId: string;
	text: string;
	mentionedIds: string[];
	/** The thread root, for a reply in a thread. */
	rootId?: string;
	buttons?: Array<{ label: string; command: string }>;
	card?: Record<string, unknown>;
}

export interface FeishuMessageInput {
	chatId: string;
	sender: string;
	text: string;
	mentions?: Array<{ id: string; name: string }>;
	rootId?: string;
	direct?: boolean;
	senderType?: "user" | "app";
	messageId?: string;
}

export interface FakeFeishu {
	url: string;
	connected(): Promise<void>;
	connections(): number;
	/** Pushes an event down the long connection; `frameMessageId` again is Feishu's redelivery. */
	pushEvent(
		eventType: string,
		event: Record<string, unknown>,
		eventId?: string,
	): string;
	/** The client's answer to a pushed event (its JSON payload: { code, data? }). */
	answerTo(eventId: string): Record<string, unknown> | undefined;
	messageEvent(input: FeishuMessageInput): Record<string, unknown>;
	shown(): ShownFeishu[];
	calls(
		path?: string,
	): Array<{ method: string; path: string; body: Record<string, unknown> }>;
	failNext(path: string, status: number, body: Record<string, unknown>): void;
	dropConnections(): void;
	close(): Promise<void>;
}

function mentionsIn(text: string): string[] {
	return [...text.matchAll(/<at (?:user_)?id="?([^">\s]+)"?>/g)].map(
		(m) => m[1] ?? "",
	);
}

function shownOf(
	messageId: string,
	conversationId: string,
	msgType: string,
	content: string,
	rootId?: string,
): ShownFeishu {
	const parsed = JSON.parse(content) as Record<string, unknown>;
	if (msgType !== "interactive") {
		const text = String(parsed.text ?? "");
		return {
			messageId,
			conversationId,
			text: text.replace(/<at [^>]*>[^<]*<\/at>/g, "").trim(),
			mentionedIds: mentionsIn(text),
			...(rootId ? { rootId } : {}),
		};
	}
	const elements = (parsed.elements ?? []) as Array<{
		tag: string;
		text?: { content?: string };
		actions?: Array<{ text: { content: string }; value: { command: string } }>;
	}>;
	const body = elements.map((e) => e.text?.content ?? "").join("\n");
	const header =
		(parsed.header as { title?: { content?: string } })?.title?.content ?? "";
	return {
		messageId,
		conversationId,
		text: `${header}\n${body.replace(/<at [^>]*><\/at>/g, "")}`.trim(),
		mentionedIds: mentionsIn(body),
		...(rootId ? { rootId } : {}),
		buttons: elements
			.flatMap((e) => e.actions ?? [])
			.map((a) => ({ label: a.text.content, command: a.value.command })),
		card: parsed,
	};
}

export async function startFakeFeishu(): Promise<FakeFeishu> {
	const calls: Array<{
		method: string;
		path: string;
		body: Record<string, unknown>;
	}> = [];
	const shown: ShownFeishu[] = [];
	const sockets = new Set<WebSocket>();
	const answers = new Map<string, Record<string, unknown>>();
	const tokens = new Set<string>();
	const failures = new Map<
		string,
		{ status: number; body: Record<string, unknown> }
	>();
	let url = "";

	const readBody = (req: IncomingMessage) =>
		new Promise<Record<string, unknown>>((resolve) => {
			let raw = "";
			req.on("data", (chunk) => {
				raw += chunk;
			});
			req.on("end", () => {
				try {
					resolve(raw ? (JSON.parse(raw) as Record<string, unknown>) : {});
				} catch {
					resolve({});
				}
			});
		});

	function answer(
		method: string,
		path: string,
		query: URLSearchParams,
		headers: IncomingMessage["headers"],
		body: Record<string, unknown>,
	): { status: number; body: unknown } {
		const failure = failures.get(path);
		if (failure) {
			failures.delete(path);
			return failure;
		}
		if (path === "/callback/ws/endpoint") {
			if (
				body.AppID !== FAKE_FEISHU_APP_ID ||
				body.AppSecret !== FAKE_FEISHU_APP_SECRET
			)
				return { status: 200, body: { code: 514, msg: "auth failed" } };
			return {
				status: 200,
				body: {
					code: 0,
					data: {
						URL: `${url.replace("http", "ws")}/ws?device_id=d-${randomBytes(4).toString("hex")}&service_id=7`,
						ClientConfig: {
							PingInterval: 120,
							ReconnectCount: -1,
							ReconnectInterval: 1,
							ReconnectNonce: 0,
						},
					},
				},
			};
		}
		if (path === "/open-apis/auth/v3/tenant_access_token/internal") {
			if (
				body.app_id !== FAKE_FEISHU_APP_ID ||
				body.app_secret !== FAKE_FEISHU_APP_SECRET
			)
				return {
					status: 400,
					body: { code: 10014, msg: "app secret invalid" },
				};
			const token = `t-${randomBytes(10).toString("hex")}`;
			tokens.add(token);
			return {
				status: 200,
				body: { code: 0, msg: "ok", tenant_access_token: token, expire: 7200 },
			};
		}
		const token = String(headers.authorization ?? "").replace(/^Bearer /, "");
		if (!tokens.has(token))
			return {
				status: 400,
				body: { code: 99991663, msg: "Invalid access token" },
			};
		if (path === "/open-apis/bot/v3/info")
			return {
				status: 200,
				body: {
					code: 0,
					msg: "ok",
					bot: { open_id: FAKE_FEISHU_BOT, app_name: "亲清" },
				},
			};
		const messageId = `om_${randomBytes(12).toString("hex")}`;
		if (path === "/open-apis/im/v1/messages" && method === "POST") {
			shown.push(
				shownOf(
					messageId,
					String(body.receive_id),
					String(body.msg_type),
					String(body.content),
				),
			);
			return {
				status: 200,
				body: { code: 0, msg: "success", data: { message_id: messageId } },
			};
		}
		const reply = /^\/open-apis\/im\/v1\/messages\/([^/]+)\/reply$/.exec(path);
		if (reply && method === "POST") {
			const parent = shown.find((m) => m.messageId === reply[1]);
			const chat = parent?.conversationId ?? chats.get(reply[1] ?? "") ?? "";
			const root = parent?.rootId ?? reply[1];
			if (!chat)
				return {
					status: 400,
					body: { code: 230011, msg: "message not found" },
				};
			shown.push(
				shownOf(
					messageId,
					chat,
					String(body.msg_type),
					String(body.content),
					root,
				),
			);
			return {
				status: 200,
				body: {
					code: 0,
					msg: "success",
					data: { message_id: messageId, root_id: root },
				},
			};
		}
		const patch = /^\/open-apis\/im\/v1\/messages\/([^/]+)$/.exec(path);
		if (patch && method === "PATCH") {
			const index = shown.findIndex((m) => m.messageId === patch[1]);
			const old = shown[index];
			if (!old)
				return {
					status: 400,
					body: { code: 230011, msg: "message not found" },
				};
			shown[index] = {
				...shownOf(
					old.messageId,
					old.conversationId,
					"interactive",
					String(body.content),
					old.rootId,
				),
			};
			return { status: 200, body: { code: 0, msg: "success" } };
		}
		void query;
		return { status: 404, body: { code: 404, msg: "not found" } };
	}

	/** Chat of each message users sent, so the bot's replies to them land in the right chat. */
	const chats = new Map<string, string>();

	const server = createServer(async (req, res) => {
		const parsed = new URL(req.url ?? "/", "http://127.0.0.1");
		const body = await readBody(req);
		const method = req.method ?? "GET";
		calls.push({ method, path: parsed.pathname, body });
		const { status, body: out } = answer(
			method,
			parsed.pathname,
			parsed.searchParams,
			req.headers,
			body,
		);
		res.writeHead(status, { "content-type": "application/json" });
		res.end(JSON.stringify(out));
	});
	const wss = new WebSocketServer({ noServer: true });
	server.on("upgrade", (req, socket, head) => {
		const parsed = new URL(req.url ?? "/", "http://127.0.0.1");
		if (parsed.pathname !== "/ws" || !parsed.searchParams.get("device_id")) {
			socket.end("HTTP/1.1 403 Forbidden\r\n\r\n");
			return;
		}
		wss.handleUpgrade(req, socket, head, (ws) => {
			sockets.add(ws);
			ws.on("close", () => sockets.delete(ws));
			ws.on("message", (raw: Buffer) => {
				const frame = decodeFrame(new Uint8Array(raw));
				if (frame.method === 0 && frame.headers.type === "ping") {
					ws.send(
						encodeFrame({
							method: 0,
							service: frame.service,
							headers: { type: "pong" },
							payload: utf8(
								JSON.stringify({
									PingInterval: 120,
									ReconnectCount: -1,
									ReconnectInterval: 1,
									ReconnectNonce: 0,
								}),
							),
						}),
					);
					return;
				}
				const id = frame.headers.message_id;
				if (frame.method === 1 && id && frame.payload)
					answers.set(
						id,
						JSON.parse(new TextDecoder().decode(frame.payload)) as Record<
							string,
							unknown
						>,
					);
			});
		});
	});
	await new Promise<void>((resolve) =>
		server.listen(0, "127.0.0.1", () => resolve()),
	);
	url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

	return {
		url,
		connections: () => sockets.size,
		async connected() {
			const started = Date.now();
			while (sockets.size === 0) {
				if (Date.now() - started > 10_000)
					throw new Error("the Feishu long connection never opened");
				await new Promise((r) => setTimeout(r, 10));
			}
		},
		pushEvent(eventType, event, eventId = `ev_${randomUUID()}`) {
			const envelope = {
				schema: "2.0",
				header: {
					event_id: eventId,
					event_type: eventType,
					create_time: String(Date.now()),
					token: "verification-token",
					app_id: FAKE_FEISHU_APP_ID,
					tenant_key: "tenant0001",
				},
				event,
			};
			const frame = encodeFrame({
				method: 1,
				service: 7,
				headers: {
					type: "event",
					message_id: eventId,
					sum: "1",
					seq: "0",
					trace_id: randomUUID(),
				},
				payload: utf8(JSON.stringify(envelope)),
			});
			for (const socket of sockets) socket.send(frame);
			return eventId;
		},
		answerTo: (eventId) => answers.get(eventId),
		messageEvent(input) {
			const messageId =
				input.messageId ?? `om_${randomBytes(12).toString("hex")}`;
			chats.set(messageId, input.chatId);
			const mentions = [
				...(input.direct ? [] : [{ id: FAKE_FEISHU_BOT, name: "亲清" }]),
				...(input.mentions ?? []),
			];
			const keys = mentions.map((_, i) => `@_user_${i + 1}`);
			return {
				sender: {
					sender_id: {
						open_id: input.sender,
						user_id: `u-${input.sender}`,
						union_id: `on_${input.sender}`,
					},
					sender_type: input.senderType ?? "user",
					tenant_key: "tenant0001",
				},
				message: {
					message_id: messageId,
					...(input.rootId
						? { root_id: input.rootId, parent_id: input.rootId }
						: {}),
					create_time: String(Date.now()),
					chat_id: input.chatId,
					chat_type: input.direct ? "p2p" : "group",
					message_type: "text",
					content: JSON.stringify({ text: [...keys, input.text].join(" ") }),
					mentions: mentions.map((m, i) => ({
						key: keys[i],
						id: { open_id: m.id, user_id: `u-${m.id}`, union_id: `on_${m.id}` },
						name: m.name,
						tenant_key: "tenant0001",
					})),
				},
			};
		},
		shown: () => shown.slice(),
		calls: (path) =>
			path ? calls.filter((c) => c.path === path) : calls.slice(),
		failNext(path, status, body) {
			failures.set(path, { status, body });
		},
		dropConnections() {
			for (const socket of sockets) socket.terminate();
		},
		async close() {
			for (const socket of sockets) socket.terminate();
			wss.close();
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
