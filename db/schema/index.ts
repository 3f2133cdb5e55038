export * from "./directory.ts";
export * from "./issues.ts";
export * from "./pipeline.ts";
