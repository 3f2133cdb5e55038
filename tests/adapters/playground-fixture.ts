import Fastify, { type FastifyInstance } from "fastify";
import {
	createPlaygroundAdapter,
	type PlaygroundAdapter,
} from "../../adapters/playground/index.ts";
import type {
	PlaygroundGroup,
	PlaygroundPerson,
} from "../../adapters/playground/types.ts";
import type { InboundSink } from "../../bot/adapter.ts";
import type { InboundMessage } from "../../bot/messages.ts";

export const people: PlaygroundPerson[] = [
	{
		externalId: "E-zhangwei",
		name: "张伟",
		title: "总经理",
		roleLabel: "企业",
		organisation: "三元精密机械有限公司",
	},
	{
		externalId: "E-sunli",
		name: "孙丽",
		title: "行政主管",
		roleLabel: "企业",
		organisation: "明辉食品有限公司",
	},
	{
		externalId: "O-wangfang",
		name: "王芳",
		title: "科员",
		roleLabel: "经办人",
		organisation: "区人社局",
	},
	{
		externalId: "O-liqiang",
		name: "李强",
		roleLabel: "经办人",
		organisation: "国网三元供电公司",
	},
	{
		externalId: "S-chenjing",
		name: "陈静",
		roleLabel: "企服办",
		organisation: "企业服务办公室（工业板块）",
	},
	{
		externalId: "L-liuyang",
		name: "刘洋",
		title: "副区长",
		roleLabel: "领导",
		organisation: "三元区人民政府",
	},
	{
		externalId: "V-zhaomin",
		name: "赵敏",
		roleLabel: "督查",
		organisation: "区委督查室",
	},
];

export const groups: PlaygroundGroup[] = [
	{
		conversationId: "pg-group-industry",
		name: "三元区工业企业服务群",
		kind: "work",
	},
	{
		conversationId: "pg-group-leaders",
		name: "亲清领导工作群",
		kind: "leaders",
	},
];

export const directory = {
	listPeople: async () => people,
	listGroups: async () => groups,
};

export interface PlaygroundServer {
	adapter: PlaygroundAdapter;
	app: FastifyInstance;
	/** http://127.0.0.1:<port>/playground */
	baseUrl: string;
	received: InboundMessage[];
	close(): Promise<void>;
}

/** A real Fastify server on a random port with the playground mounted as the bot's server mounts it. */
export async function startPlaygroundServer(
	options: {
		historyLimit?: number;
		/** False to leave starting the adapter to the caller (the contract suite starts it). */
		start?: boolean;
		sink?: (adapter: PlaygroundAdapter) => InboundSink;
	} = {},
): Promise<PlaygroundServer> {
	const adapter = createPlaygroundAdapter({
		directory,
		historyLimit: options.historyLimit,
	});
	const received: InboundMessage[] = [];
	const extra = options.sink?.(adapter);
	if (options.start !== false) {
		await adapter.start(async (message) => {
			received.push(message);
			await extra?.(message);
		});
	}
	const app = Fastify();
	await app.register(adapter.routes, { prefix: "/playground" });
	const address = await app.listen({ host: "127.0.0.1", port: 0 });
	return {
		adapter,
		app,
		baseUrl: `${address}/playground`,
		received,
		async close() {
			await adapter.stop();
			await app.close();
		},
	};
}

export async function postMessage(
	server: PlaygroundServer,
	conversationId: string,
	body: unknown,
) {
	const response = await fetch(
		`${server.baseUrl}/api/conversations/${encodeURIComponent(conversationId)}/messages`,
		{
			method: "POST",
			headers: { "content-type": "application/json" },
			body: JSON.stringify(body),
		},
	);
	return {
		status: response.status,
		body: (await response.json()) as Record<string, unknown>,
	};
}

/** Reads a Server-Sent Events stream one event at a time. */
export async function openEvents(
	server: PlaygroundServer,
	conversationId: string,
) {
	const controller = new AbortController();
	const response = await fetch(
		`${server.baseUrl}/api/events?conversation=${encodeURIComponent(conversationId)}`,
		{
			signal: controller.signal,
		},
	);
	if (!response.ok || !response.body)
		throw new Error(`event stream refused: ${response.status}`);
	const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
	let buffer = "";
	return {
		contentType: response.headers.get("content-type"),
		async next(): Promise<{ event: string; data: unknown }> {
			for (;;) {
				const end = buffer.indexOf("\n\n");
				if (end >= 0) {
					const block = buffer.slice(0, end);
					buffer = buffer.slice(end + 2);
					const event = /^event: (.*)$/m.exec(block)?.[1];
					const data = /^data: (.*)$/m.exec(block)?.[1];
					if (event && data) return { event, data: JSON.parse(data) };
					continue;
				}
				const chunk = await reader.read();
				if (chunk.done) throw new Error("event stream ended");
				buffer += chunk.value;
			}
		},
		close: () => controller.abort(),
	};
}
