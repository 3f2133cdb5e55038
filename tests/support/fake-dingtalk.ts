/**
 * DingTalk's server side, faked on a free local port from the stream SDK's protocol and the
 * official API shapes: the stream gateway (POST /v1.0/gateway/connections/open → a WebSocket
 * endpoint and a one-time ticket; then JSON frames: CALLBACK pushes, which the client answers by
 * messageId, and SYSTEM pings), the app token, the robot API, session webhooks, interactive cards
 * and 工作通知. Every call is recorded; what the robot said is read back as the group shows it.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";

export const FAKE_APP_KEY = "dingfakeappkey0001";
export const FAKE_APP_SECRET = "fake-app-secret-never-logged";
export const FAKE_ROBOT_USER_ID = "$:LWCP_v1:$robotqinqing0001";

export interface DingtalkCall {
	method: string;
	path: string;
	query: Record<string, string>;
	headers: Record<string, string | string[] | undefined>;
	body: Record<string, unknown>;
}

export interface ShownMessage {
	conversationId: string;
	text: string;
	mentionedIds: string[];
	via: "webhook" | "robot" | "card" | "notice" | "robot_dm";
	/** The card's variables, for a card. */
	card?: Record<string, string>;
	outTrackId?: string;
}

export interface RobotMessageInput {
	conversationId: string;
	sender: { staffId: string; nick?: string };
	text: string;
	/** People @'d besides the robot (every group message the robot gets @'s it). */
	mentions?: string[];
	direct?: boolean;
	msgId?: string;
}

export interface FakeDingtalk {
	/** http://127.0.0.1:port, for DINGTALK_API_URL and DINGTALK_OAPI_URL. */
	url: string;
	/** Sockets the stream client holds open now. */
	connections(): number;
	/** Waits until the stream client is connected. */
	connected(): Promise<void>;
	/** Pushes a CALLBACK frame; returns its frame id. `frameId` again is DingTalk's redelivery. */
	push(topic: string, data: Record<string, unknown>, frameId?: string): string;
	/** The client's answer to a frame, once it came. */
	answerTo(frameId: string): Record<string, unknown> | undefined;
	robotMessage(input: RobotMessageInput): Record<string, unknown>;
	/** What the groups and people were shown, oldest first. */
	shown(): ShownMessage[];
	calls(path?: string): DingtalkCall[];
	/** The next call to `path` is answered with this status and body (a refusal, a rate limit). */
	failNext(path: string, status: number, body: Record<string, unknown>): void;
	/** Drops every stream socket (the client reconnects through the gateway). */
	dropConnections(): void;
	tokensIssued(): number;
	close(): Promise<void>;
}

const json = (body: unknown) => JSON.stringify(body);

export async function startFakeDingtalk(): Promise<FakeDingtalk> {
	const calls: DingtalkCall[] = [];
	const shown: ShownMessage[] = [];
	const tickets = new Set<string>();
	const sockets = new Set<WebSocket>();
	const answers = new Map<string, Record<string, unknown>>();
	const frames = new Map<string, string>();
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

	const textOfMsgParam = (param: unknown) =>
		String((JSON.parse(String(param ?? "{}")) as { content?: string }).content);

	function answer(call: DingtalkCall): { status: number; body: unknown } {
		const failure = failures.get(call.path);
		if (failure) {
			failures.delete(call.path);
			return failure;
		}
		const { path, body } = call;
		if (path === "/v1.0/gateway/connections/open") {
			if (
				body.clientId !== FAKE_APP_KEY ||
				body.clientSecret !== FAKE_APP_SECRET
			)
				return { status: 401, body: { code: "InvalidAuthentication" } };
			const ticket = randomUUID();
			tickets.add(ticket);
			return {
				status: 200,
				body: { endpoint: `${url.replace("http", "ws")}/connect`, ticket },
			};
		}
		if (path === "/v1.0/oauth2/accessToken") {
			if (body.appKey !== FAKE_APP_KEY || body.appSecret !== FAKE_APP_SECRET)
				return { status: 400, body: { code: "invalidClientIdOrSecret" } };
			const token = randomBytes(12).toString("hex");
			tokens.add(token);
			return { status: 200, body: { accessToken: token, expireIn: 7200 } };
		}
		if (path === "/robot/sendBySession") {
			const conversationId = Buffer.from(
				call.query.session ?? "",
				"base64url",
			).toString();
			const at = (body.at ?? {}) as { atUserIds?: string[] };
			shown.push({
				conversationId,
				text: String((body.text as { content?: string })?.content ?? ""),
				mentionedIds: at.atUserIds ?? [],
				via: "webhook",
			});
			return { status: 200, body: { errcode: 0, errmsg: "ok" } };
		}
		const token =
			call.headers["x-acs-dingtalk-access-token"] ?? call.query.access_token;
		if (typeof token !== "string" || !tokens.has(token))
			return path.startsWith("/topapi")
				? {
						status: 200,
						body: { errcode: 40014, errmsg: "不合法的access_token" },
					}
				: { status: 401, body: { code: "InvalidAuthentication" } };
		if (path === "/v1.0/robot/groupMessages/send") {
			shown.push({
				conversationId: String(body.openConversationId),
				text: textOfMsgParam(body.msgParam),
				mentionedIds: [],
				via: "robot",
			});
			return { status: 200, body: { processQueryKey: randomUUID() } };
		}
		if (path === "/v1.0/robot/oToMessages/batchSend") {
			for (const user of body.userIds as string[])
				shown.push({
					conversationId: user,
					text: textOfMsgParam(body.msgParam),
					mentionedIds: [],
					via: "robot_dm",
				});
			return { status: 200, body: { processQueryKey: randomUUID() } };
		}
		if (path === "/topapi/message/corpconversation/asyncsend_v2") {
			const msg = body.msg as { text?: { content?: string } };
			for (const user of String(body.userid_list).split(","))
				shown.push({
					conversationId: user,
					text: msg.text?.content ?? "",
					mentionedIds: [],
					via: "notice",
				});
			return {
				status: 200,
				body: { errcode: 0, task_id: Date.now(), request_id: randomUUID() },
			};
		}
		if (path === "/v1.0/card/instances/createAndDeliver") {
			const params = (body.cardData as { cardParamMap: Record<string, string> })
				.cardParamMap;
			const deliver = (body.imGroupOpenDeliverModel ?? {}) as {
				atUserIds?: Record<string, string>;
			};
			shown.push({
				conversationId: String(body.openSpaceId).replace(
					"dtv1.card//IM_GROUP.",
					"",
				),
				text: params.markdown ?? "",
				mentionedIds: Object.keys(deliver.atUserIds ?? {}),
				via: "card",
				card: params,
				outTrackId: String(body.outTrackId),
			});
			return {
				status: 200,
				body: { success: true, result: { outTrackId: body.outTrackId } },
			};
		}
		if (path === "/v1.0/card/instances" && call.method === "PUT") {
			const card = shown.find((m) => m.outTrackId === body.outTrackId);
			if (!card) return { status: 400, body: { code: "card.notFound" } };
			card.card = (
				body.cardData as { cardParamMap: Record<string, string> }
			).cardParamMap;
			return { status: 200, body: { success: true } };
		}
		return { status: 404, body: { code: "NotFound" } };
	}

	const server = createServer(async (req, res) => {
		const parsed = new URL(req.url ?? "/", "http://127.0.0.1");
		const call: DingtalkCall = {
			method: req.method ?? "GET",
			path: parsed.pathname,
			query: Object.fromEntries(parsed.searchParams),
			headers: req.headers,
			body: await readBody(req),
		};
		calls.push(call);
		const { status, body } = answer(call);
		res.writeHead(status, { "content-type": "application/json" });
		res.end(json(body));
	});
	const wss = new WebSocketServer({ noServer: true });
	server.on("upgrade", (req, socket, head) => {
		const parsed = new URL(req.url ?? "/", "http://127.0.0.1");
		const ticket = parsed.searchParams.get("ticket") ?? "";
		if (parsed.pathname !== "/connect" || !tickets.delete(ticket)) {
			socket.end("HTTP/1.1 401 Unauthorized\r\n\r\n");
			return;
		}
		wss.handleUpgrade(req, socket, head, (ws) => {
			sockets.add(ws);
			ws.on("close", () => sockets.delete(ws));
			ws.on("message", (raw) => {
				const frame = JSON.parse(String(raw)) as {
					headers?: { messageId?: string };
					data?: string;
				};
				const id = frame.headers?.messageId;
				if (id && frames.has(id))
					answers.set(
						id,
						JSON.parse(frame.data ?? "{}") as Record<string, unknown>,
					);
			});
			ws.send(
				json({
					specVersion: "1.0",
					type: "SYSTEM",
					headers: { topic: "CONNECTED", messageId: randomUUID() },
					data: "",
				}),
			);
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
					throw new Error("the DingTalk stream client never connected");
				await new Promise((r) => setTimeout(r, 10));
			}
		},
		push(topic, data, frameId = randomUUID()) {
			const frame = json({
				specVersion: "1.0",
				type: "CALLBACK",
				headers: {
					appId: FAKE_APP_KEY,
					connectionId: "conn-1",
					contentType: "application/json",
					messageId: frameId,
					time: String(Date.now()),
					topic,
				},
				data: json(data),
			});
			frames.set(frameId, frame);
			for (const socket of sockets) socket.send(frame);
			return frameId;
		},
		answerTo: (frameId) => answers.get(frameId),
		robotMessage(input) {
			const conversationId = input.conversationId;
			return {
				msgId: input.msgId ?? `msg${randomBytes(8).toString("hex")}`,
				msgtype: "text",
				conversationId,
				conversationType: input.direct ? "1" : "2",
				conversationTitle: input.direct ? undefined : "工业企业服务群",
				senderId: `$:LWCP_v1:$${input.sender.staffId}`,
				senderStaffId: input.sender.staffId,
				senderNick: input.sender.nick ?? input.sender.staffId,
				senderCorpId: "dingcorp0001",
				chatbotCorpId: "dingcorp0001",
				chatbotUserId: FAKE_ROBOT_USER_ID,
				robotCode: FAKE_APP_KEY,
				isInAtList: true,
				atUsers: [
					...(input.direct ? [] : [{ dingtalkId: FAKE_ROBOT_USER_ID }]),
					...(input.mentions ?? []).map((staffId) => ({
						dingtalkId: `$:LWCP_v1:$${staffId}`,
						staffId,
					})),
				],
				text: { content: ` ${input.text}` },
				createAt: Date.now(),
				sessionWebhook: `${url}/robot/sendBySession?session=${Buffer.from(conversationId).toString("base64url")}`,
				sessionWebhookExpiredTime: Date.now() + 90 * 60_000,
			};
		},
		shown: () => shown.slice(),
		calls: (path) =>
			path ? calls.filter((call) => call.path === path) : calls.slice(),
		failNext(path, status, body) {
			failures.set(path, { status, body });
		},
		dropConnections() {
			for (const socket of sockets) socket.terminate();
		},
		tokensIssued: () => tokens.size,
		async close() {
			for (const socket of sockets) socket.terminate();
			wss.close();
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
