/**
 * `npm run inbound:redrive`: lists the inbound messages that failed all their processing attempts;
 * `npm run inbound:redrive -- --all` (or `-- <job id> …`) sends them through again once the cause
 * (a database outage, a bug) is fixed. A message already recorded is not handled twice.
 */

import { loadConfig } from "../config.ts";
import { createInboundQueue } from "../pipeline/inbound-queue.ts";
import {
	listFailedInbound,
	redriveFailedInbound,
} from "../pipeline/inbound-redrive.ts";

const config = loadConfig();
if (!config.REDIS_URL) {
	console.error(
		"Set REDIS_URL to the Redis the bot uses (for the bot's own local redis-server: redis+unix socket in DATA_DIR, see docs/reliability.md).",
	);
	process.exit(1);
}
const inbound = createInboundQueue({
	connection: { url: config.REDIS_URL },
	prefix: process.env.QINQING_PREFIX,
});
const args = process.argv.slice(2);
try {
	if (args.length === 0) {
		const failed = await listFailedInbound(inbound.queue);
		if (failed.length === 0) console.log("No failed inbound messages.");
		for (const f of failed)
			console.log(
				`${f.jobId}\t${f.platform}\t${f.conversationId}\t${f.sentAt}\t${f.text.slice(0, 40)}\t— ${f.failedReason}`,
			);
		if (failed.length > 0)
			console.log(
				`\n${failed.length} failed. Send them through again: npm run inbound:redrive -- --all`,
			);
	} else {
		const ids = args.includes("--all") ? undefined : args;
		console.log(
			`${await redriveFailedInbound(inbound.queue, ids)} sent through again.`,
		);
	}
} finally {
	await inbound.close();
}
