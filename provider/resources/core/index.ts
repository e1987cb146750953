export * from "./types";
export * from "./inputs";
export * from "./values";
export * from "./host";
export * from "./schema";
