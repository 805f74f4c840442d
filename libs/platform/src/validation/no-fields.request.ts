/**
 * The body of a route that takes no input (a scheduler's trigger): empty, `{}`, or refused with a 400
 * naming each field, so a request meant for another route is not run as this one.
 */
export class NoFieldsRequest {}
