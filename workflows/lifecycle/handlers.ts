import type { Command, CommandType } from "./commands.ts";
import type {
	HandlerContext,
	HandlerOutcome,
	Handlers,
} from "./handler-types.ts";
import { closingHandlers } from "./handlers-closing.ts";
import { handlingHandlers } from "./handlers-handling.ts";
import { planHandlers } from "./handlers-plans.ts";
import { routingHandlers } from "./handlers-routing.ts";

const HANDLERS: Handlers = {
	...routingHandlers,
	...handlingHandlers,
	...closingHandlers,
	...planHandlers,
};

/** The handler of a command type, widened so `transition` can call it with any command. */
export function handlersFor(
	type: CommandType,
): (ctx: HandlerContext<Command>) => HandlerOutcome {
	return HANDLERS[type] as (ctx: HandlerContext<Command>) => HandlerOutcome;
}
