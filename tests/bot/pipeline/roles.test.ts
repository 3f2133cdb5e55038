import { afterEach, expect, it } from "vitest";
import type { Role } from "../../../bot/config.ts";
import { createPacing } from "../../../bot/pipeline/chat-pacer.ts";
import type { InboundHandler } from "../../../bot/pipeline/inbound-worker.ts";
import { enqueueOutbound } from "../../../bot/pipeline/outbox.ts";
import { createPipeline } from "../../../bot/pipeline/pipeline.ts";
import type { Db } from "../../../db/client.ts";
import { describeEachDriver } from "../../support/databases.ts";
import {
	createRecordingAdapter,
	inbound,
	outbound,
	silentLog,
} from "../../support/pipeline.ts";
import {
	forgetTestKeys,
	randomPrefix,
	TEST_REDIS,
} from "../../support/redis.ts";
import { waitFor } from "../../support/wait.ts";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
	for (const close of closers.splice(0).reverse()) await close();
	await forgetTestKeys();
});

const echo: InboundHandler = async (tx, message, inboundId) => {
	await enqueueOutbound(tx, {
		dedupeKey: `echo-${inboundId}`,
		message: outbound(
			message.conversationId,
			`echo: ${message.text}`,
			message.platform,
		),
	});
	return { outcome: "chatter" };
};

function startPipeline(
	db: Db,
	prefix: string,
	roles: Role[],
	adapters = [createRecordingAdapter("slack")],
) {
	const pipeline = createPipeline({
		roles,
		connection: TEST_REDIS,
		prefix,
		db,
		adapters,
		handle: echo,
		pacing: createPacing({ chatIntervalMs: 1 }),
		log: silentLog,
	});
	closers.push(() => pipeline.close());
	return pipeline;
}

describeEachDriver("the pipeline roles", (database) => {
	it("answers a message with every role in one process", async () => {
		const { db } = database();
		const adapter = createRecordingAdapter("slack");
		const pipeline = startPipeline(
			db,
			randomPrefix(),
			["gateway", "worker", "web"],
			[adapter],
		);
		await pipeline.start();

		await adapter.sink?.(
			inbound({ platform: "slack", conversationId: "C-all", text: "hello" }),
		);
		await waitFor(() => adapter.sent.length === 1, "the reply");
		expect(adapter.sent[0]?.message).toEqual(
			outbound("C-all", "echo: hello", "slack"),
		);
	});

	it("answers a message with the gateway and the worker in separate processes", async () => {
		const { db } = database();
		const prefix = randomPrefix();
		const adapter = createRecordingAdapter("slack");
		const gateway = startPipeline(db, prefix, ["gateway"], [adapter]);
		const worker = startPipeline(db, prefix, ["worker"]);
		expect(worker.sink).toBeUndefined();
		expect(gateway.relay).toBeUndefined();
		await gateway.start();
		await worker.start();

		await adapter.sink?.(
			inbound({ platform: "slack", conversationId: "C-split", text: "你好" }),
		);
		await waitFor(() => adapter.sent.length === 1, "the reply");
		expect(adapter.sent[0]?.message.text).toBe("echo: 你好");

		await gateway.close();
		expect(adapter.sink).toBeUndefined();
	});
});
