import { Ajv } from "ajv";
import addFormatsImport from "ajv-formats";
import type { FastifySchemaCompiler } from "fastify";

type AddFormats = (ajv: Ajv) => Ajv;
const addFormats = addFormatsImport as unknown as AddFormats;

/**
 * Request validation. Bodies are checked strictly: no type coercion (a number where a string is
 * expected is an error, not "123") and unknown fields refused. Query strings and path parameters
 * arrive as text, so there numbers and booleans are coerced.
 */
function makeAjv(coerceTypes: boolean): Ajv {
  const ajv = new Ajv({
    coerceTypes,
    useDefaults: true,
    removeAdditional: false,
    allErrors: false,
    strict: false,
  });
  addFormats(ajv);
  return ajv;
}

const bodyAjv = makeAjv(false);

/** Compiles a JSON body schema with the HTTP bodies' rules (WebSocket payloads use it too). */
export function compileBodySchema<T = unknown>(schema: object) {
  return bodyAjv.compile<T>(schema);
}
const textAjv = makeAjv(true);

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const ajv = httpPart === "body" ? bodyAjv : textAjv;
  return ajv.compile<unknown>(schema as object);
};
