/** The bot's message handling as the bench runs it, in the bench process or a worker process. */
import { createDirectoryCache } from "../../bot/conversation/directory-cache.ts";
import { createMessageHandler } from "../../bot/conversation/handle-message.ts";
import type { WakeUpScheduler } from "../../bot/escalation/conversation-hooks.ts";
import type { InboundHandler } from "../../bot/pipeline/inbound-worker.ts";
import type { Logger } from "../../bot/runtime/logger.ts";
import { createIntakeModels } from "../../bot/understanding/intake-models.ts";
import type { Db } from "../../db/client.ts";

/**
 * Reads messages with the intake model, as the bot does: the bench process trains the model for
 * the bench's directory (`trains`), worker processes load the one it stored. A new issue's first
 * wake-up is armed in Redis after the commit, as the worker role does.
 */
export async function createBenchHandler(
	db: Db,
	log: Logger,
	trains: boolean,
	wakeUps: WakeUpScheduler,
): Promise<InboundHandler> {
	const models = createIntakeModels({ db, log, trains });
	await models.prepare();
	models.close();
	if (!models.current())
		throw new Error("the bench has no intake model to read messages with");
	return createMessageHandler({
		directory: createDirectoryCache(undefined, models.current),
		locale: "zh-CN",
		wakeUps,
		bot: { externalIds: ["qinqing-bot"], names: ["亲清助手"] },
	});
}
