import { handleQuery } from "../queries.ts";
import { found, type Step } from "./context.ts";

/** 查询, 待办 and the like: answered, nothing changed. */
export const query: Step = async (turn, next) => {
	const { parsed } = found(turn, "meaning");
	return parsed?.kind === "query"
		? handleQuery(found(turn, "known"), parsed)
		: next();
};
