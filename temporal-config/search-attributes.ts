import { searchAttributeKeys } from '../workflows/search-attributes.js';

/** The CLI's spelling of each attribute type, for `temporal server start-dev --search-attribute`. */
const cliTypeNames: Record<string, string> = {
  KEYWORD: 'Keyword',
  KEYWORD_LIST: 'KeywordList',
  TEXT: 'Text',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  DATETIME: 'Datetime',
};

/** Each attribute with the CLI's name of its type. */
function cliSearchAttributes(): Array<{ name: string; type: string }> {
  return searchAttributeKeys.map((key) => {
    const type = cliTypeNames[key.type];
    if (!type) throw new Error(`No CLI type name for search attribute type ${key.type}`);
    return { name: key.name, type };
  });
}

/** `Name=Type` pairs for every search attribute the workflow upserts. */
export function searchAttributeFlags(): string[] {
  return cliSearchAttributes().flatMap(({ name, type }) => ['--search-attribute', `${name}=${type}`]);
}

/** The same for `temporal operator search-attribute create` on a cluster: `--name N --type T` each. */
export function searchAttributeCreateFlags(): string[] {
  return cliSearchAttributes().flatMap(({ name, type }) => ['--name', name, '--type', type]);
}

/** The same attributes in the shape `TestWorkflowEnvironment.createLocal` takes. */
export function searchAttributeDefinitions() {
  return [...searchAttributeKeys];
}
