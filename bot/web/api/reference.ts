/**
 * `/api/docs/`: the intake API's reference, rendered by Swagger UI from the same OpenAPI document as
 * `/api/openapi.json`. @fastify/swagger-ui serves its swagger-ui-dist files from the package itself,
 * so the page loads nothing from outside the bot; the online validator badge stays off (validatorUrl).
 */
import fastifySwagger, { type StaticDocumentSpec } from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import type { FastifyPluginAsync } from "fastify";
import { openApiDocument } from "./openapi.ts";

export function createApiReferenceRoutes(): FastifyPluginAsync {
	return async (app) => {
		await app.register(fastifySwagger, {
			mode: "static",
			specification: {
				// The document is OpenAPI 3.1; the plugin's type names only 2.0 and 3.0.
				document:
					openApiDocument() as unknown as StaticDocumentSpec["document"],
			},
		});
		await app.register(fastifySwaggerUi, {
			routePrefix: "/",
			validatorUrl: false,
			uiConfig: { deepLinking: true },
			// Everything from this origin: the UI's own files and the document it renders.
			staticCSP:
				"default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'self'",
		});
	};
}
