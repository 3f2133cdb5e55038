/** Steps run in order, each deciding whether the ones after it run (grammY's composition, reduced). */

import type { Step, TurnContext } from "./context.ts";
import type { Outcome } from "./outcome.ts";

export function compose(
	steps: readonly Step[],
	last: (turn: TurnContext) => Promise<Outcome>,
): (turn: TurnContext) => Promise<Outcome> {
	return (turn) => {
		const run = (i: number): Promise<Outcome> => {
			const step = steps[i];
			return step ? step(turn, () => run(i + 1)) : last(turn);
		};
		return run(0);
	};
}
