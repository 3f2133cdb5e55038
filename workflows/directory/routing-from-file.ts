/** The routing rules a directory file states, without a database (for `npm run classify` and the bench). */
import type { RoutingRules } from "../intake/routing-types.ts";
import type { DirectoryFile } from "./file-schema.ts";
import { directoryExamples } from "./import-settings.ts";

export function routingFromFile(directory: DirectoryFile): RoutingRules {
	return {
		categories: directory.routing.categories.map((c) => ({
			code: c.code,
			name: c.name,
			keywords: c.keywords,
			leadDepartmentId: null,
			coDepartmentIds: [],
		})),
		urgencyWords: directory.routing.urgency,
		intake: directory.routing.intake,
		examples: directoryExamples(directory),
	};
}
