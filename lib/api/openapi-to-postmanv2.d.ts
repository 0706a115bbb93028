// The converter ships no types; this is the one call lib/api/postman.ts makes.
declare module 'openapi-to-postmanv2' {
  type Result = { result: true; output: { type: string; data: unknown }[] } | { result: false; reason: string };
  const converter: {
    convert(input: { type: 'json'; data: unknown }, options: Record<string, unknown>, callback: (error: Error | null, result: Result) => void): void;
  };
  export default converter;
}
