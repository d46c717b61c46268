/**
 * The operations the console sends, read from its sources: every `graphql(`...`)` document under
 * apps/console/src (its generated folder left out), each with the fragments it spreads, as the
 * gateway receives it. The planner bench plans them; the day's mix sends them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  Kind,
  parse,
  print,
  visit,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type OperationTypeNode,
} from 'graphql';

const CONSOLE_SRC = path.resolve(__dirname, '../../apps/console/src');

export interface Operation {
  name: string;
  kind: OperationTypeNode;
  text: string;
  /** Fields selected, fragments expanded once: how wide the operation is. */
  fields: number;
}

function documents(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'gql' && entry.name !== 'node_modules') out.push(...documents(file));
    } else if (/\.tsx?$/.test(entry.name)) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/graphql\(\s*`([\s\S]*?)`\s*\)/g)) out.push(m[1]!);
    }
  }
  return out;
}

export function consoleOperations(): Operation[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  const operations: OperationDefinitionNode[] = [];
  for (const text of documents(CONSOLE_SRC)) {
    for (const def of parse(text).definitions) {
      if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
      else if (def.kind === Kind.OPERATION_DEFINITION) operations.push(def);
    }
  }
  return operations.map((op) => {
    const used = new Map<string, FragmentDefinitionNode>();
    const collect = (node: OperationDefinitionNode | FragmentDefinitionNode) =>
      visit(node, {
        FragmentSpread(spread) {
          const fragment = fragments.get(spread.name.value);
          if (fragment && !used.has(spread.name.value)) {
            used.set(spread.name.value, fragment);
            collect(fragment);
          }
        },
      });
    collect(op);
    return operationOf(op.name?.value ?? '(anonymous)', { kind: Kind.DOCUMENT, definitions: [op, ...used.values()] });
  });
}

export function operationOf(name: string, doc: DocumentNode): Operation {
  let fields = 0;
  visit(doc, { Field: () => void fields++ });
  const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (!op) throw new Error(`${name}: no operation in the document`);
  return { name, kind: op.operation, text: print(doc), fields };
}
