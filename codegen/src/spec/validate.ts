import { getAt, parsePointer } from '../internal/json-pointer.js';

export interface SpecProblem {
  readonly message: string;
  readonly path: readonly (string | number)[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * The structural checks codegen relies on, reported with the JSON pointer of
 * the first offending value. Not a full OpenAPI validator: it catches what
 * would otherwise surface as a crash deep inside type generation.
 */
export function findSpecProblem(spec: unknown): SpecProblem | undefined {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    return { message: 'the spec must be an object', path: [] };
  }
  const doc = spec as Record<string, unknown>;
  if (typeof doc.openapi !== 'string' || !/^3\.[01]\.\d+/.test(doc.openapi)) {
    return {
      message: `unsupported "openapi" version ${JSON.stringify(doc.openapi)}; expected 3.0.x or 3.1.x (Swagger 2.0 is converted first)`,
      path: ['openapi'],
    };
  }
  if (!isObject(doc.paths)) return { message: '"paths" must be an object', path: ['paths'] };
  for (const [route, item] of Object.entries(doc.paths)) {
    if (!route.startsWith('/'))
      return { message: `path "${route}" must start with "/"`, path: ['paths', route] };
    if (!isObject(item))
      return { message: 'a path item must be an object', path: ['paths', route] };
    for (const method of METHODS) {
      const operation = item[method];
      if (operation === undefined) continue;
      const at = ['paths', route, method];
      if (!isObject(operation)) return { message: 'an operation must be an object', path: at };
      if (!isObject(operation.responses)) {
        return { message: 'the operation has no "responses" object', path: [...at, 'responses'] };
      }
      const parameters = operation.parameters ?? [];
      if (!Array.isArray(parameters))
        return { message: '"parameters" must be an array', path: [...at, 'parameters'] };
      for (const [i, parameter] of parameters.entries()) {
        if (!isObject(parameter))
          return { message: 'a parameter must be an object', path: [...at, 'parameters', i] };
        if ('$ref' in parameter) continue;
        if (typeof parameter.name !== 'string' || typeof parameter.in !== 'string') {
          return { message: 'a parameter needs "name" and "in"', path: [...at, 'parameters', i] };
        }
      }
    }
  }
  return findUnresolvedRef(doc, doc, []);
}

function findUnresolvedRef(
  root: unknown,
  node: unknown,
  at: (string | number)[],
): SpecProblem | undefined {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      at.push(i);
      const problem = findUnresolvedRef(root, node[i], at);
      at.pop();
      if (problem) return problem;
    }
    return undefined;
  }
  if (!isObject(node)) return undefined;
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string') {
      if (!value.startsWith('#') || getAt(root, parsePointer(value)) === undefined) {
        return { message: `$ref "${value}" does not resolve`, path: [...at, '$ref'] };
      }
      continue;
    }
    if (key === 'example' || key === 'examples' || key === 'enum' || key === 'default') continue;
    at.push(key);
    const problem = findUnresolvedRef(root, value, at);
    at.pop();
    if (problem) return problem;
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
