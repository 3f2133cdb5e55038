/** Per-key turns (bot/pipeline/turns.ts): one chat's sends one after another, other chats alongside. */
import { describe, expect, it } from "vitest";
import { createTurns } from "../../../bot/pipeline/turns.ts";

function gate() {
	let open: () => void = () => {};
	const opened = new Promise<void>((resolve) => {
		open = resolve;
	});
	return { opened, open };
}

describe("turns", () => {
	it("runs one key's work in the order handed in, each after the one before has finished", async () => {
		const turns = createTurns();
		const log: string[] = [];
		const first = gate();
		const a = turns.run("chat-a", async () => {
			log.push("a1 start");
			await first.opened;
			log.push("a1 end");
		});
		const b = turns.run("chat-a", async () => {
			log.push("a2");
		});
		await Promise.resolve();
		expect(log).toEqual(["a1 start"]);
		first.open();
		await Promise.all([a, b]);
		expect(log).toEqual(["a1 start", "a1 end", "a2"]);
	});

	it("lets other keys run meanwhile", async () => {
		const turns = createTurns();
		const held = gate();
		const slow = turns.run("chat-a", () => held.opened);
		await expect(turns.run("chat-b", async () => "other chat")).resolves.toBe(
			"other chat",
		);
		held.open();
		await slow;
	});

	it("goes on to the next piece after a failure, and hands the failure to its own caller", async () => {
		const turns = createTurns();
		const failed = turns.run("chat-a", async () => {
			throw new Error("send failed");
		});
		const next = turns.run("chat-a", async () => "next");
		await expect(failed).rejects.toThrow("send failed");
		await expect(next).resolves.toBe("next");
	});
});
