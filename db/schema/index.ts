export * from "./console.ts";
export * from "./directory.ts";
export * from "./escalation.ts";
export * from "./issues.ts";
export * from "./noise.ts";
export * from "./pipeline.ts";
export * from "./plans.ts";
export * from "./understanding.ts";
