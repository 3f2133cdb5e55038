import type { FastifyReply } from "fastify";
import type { HistoryListener } from "./history.ts";

export interface EventStreamOptions {
	heartbeatMs: number;
	subscribe(listener: HistoryListener): () => void;
	streams: Set<() => void>;
}

/** Turns the reply into a Server-Sent Events stream of one conversation's `message` and `update` events. */
export function openEventStream(
	reply: FastifyReply,
	options: EventStreamOptions,
): void {
	reply.hijack();
	const response = reply.raw;
	response.writeHead(200, {
		"content-type": "text/event-stream; charset=utf-8",
		"cache-control": "no-cache, no-transform",
		connection: "keep-alive",
		"x-accel-buffering": "no",
	});
	response.write("retry: 2000\n\n");

	const unsubscribe = options.subscribe((event) => {
		response.write(
			`event: ${event.type}\ndata: ${JSON.stringify(event.message)}\n\n`,
		);
	});
	const heartbeat = setInterval(
		() => response.write(": keep-alive\n\n"),
		options.heartbeatMs,
	);

	let closed = false;
	const close = () => {
		if (closed) return;
		closed = true;
		clearInterval(heartbeat);
		unsubscribe();
		options.streams.delete(close);
		response.end();
	};
	options.streams.add(close);
	response.on("close", close);
}
