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

/** `Name=Type` pairs for every search attribute the workflow upserts. */
export function searchAttributeFlags(): string[] {
  return searchAttributeKeys.flatMap((key) => {
    const type = cliTypeNames[key.type];
    if (!type) throw new Error(`No CLI type name for search attribute type ${key.type}`);
    return ['--search-attribute', `${key.name}=${type}`];
  });
}

/** The same attributes in the shape `TestWorkflowEnvironment.createLocal` takes. */
export function searchAttributeDefinitions() {
  return [...searchAttributeKeys];
}
