import { applyDecorators, type Type } from '@nestjs/common';
import { ArgsType, Directive, Field, Int, ObjectType } from '@nestjs/graphql';
import { Type as TransformTo } from 'class-transformer';
import { IsEnum, IsInt, IsOptional, IsString, Max, Min, ValidateNested } from 'class-validator';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

// Every subgraph pages its lists, so PageInfo is the same value type in each of them.
@ObjectType()
@Directive('@shareable')
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true, description: `Page size, at most ${MAX_PAGE_SIZE}.` })
  @IsOptional()
  @IsInt()
  @Min(1, { message: 'first must be at least 1' })
  @Max(MAX_PAGE_SIZE, { message: `first must be at most ${MAX_PAGE_SIZE}` })
  first?: number;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page.' })
  @IsOptional()
  @IsString()
  after?: string;
}

/**
 * A connection's optional `filter` argument of input type `type`: declared, turned into that class
 * and validated field by field (a bad field is BAD_USER_INPUT naming it), the four decorators every
 * list's filter needs, in one.
 */
export function FilterArg(type: () => Type): PropertyDecorator {
  return applyDecorators(Field(type, { nullable: true }), IsOptional(), ValidateNested(), TransformTo(type));
}

/**
 * A connection's `sort` argument: the registered enum `type`, `defaultValue` when left out (shown in
 * the schema), and a value outside the enum is BAD_USER_INPUT on sort. The property keeps the same
 * default as its initial value, for a caller that builds the args class itself.
 */
export function SortArg<E extends object>(type: E, defaultValue: E[keyof E]): PropertyDecorator {
  // Field<object>: Nest cannot work its options' type out from a generic enum type.
  return applyDecorators(
    Field<object>(() => type, { defaultValue }),
    IsEnum(type),
  );
}

/**
 * An edge whose cursor is encoded only when read: a list of 100 customers with 10 timeline entries
 * each asks for no cursor at all, and would otherwise encode 1,000 of them.
 */
export class Edge<T> {
  private encoded: string | undefined;

  constructor(
    private readonly encode: () => string,
    readonly node: T,
  ) {}

  get cursor(): string {
    return (this.encoded ??= this.encode());
  }
}

export interface ConnectionShape<T> {
  edges: { readonly cursor: string; readonly node: T }[];
  pageInfo: PageInfo;
}

/** `XConnection { edges { cursor node } pageInfo }` for a node type. */
export function Connection<T>(nodeType: Type<T>, name = nodeType.name) {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field()
    cursor!: string;

    @Field(() => nodeType)
    node!: T;
  }

  @ObjectType(`${name}Connection`, { isAbstract: true })
  abstract class ConnectionType implements ConnectionShape<T> {
    @Field(() => [EdgeType])
    edges!: EdgeType[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;
  }
  return ConnectionType;
}

export function pageSize(first: number | undefined): number {
  return first ?? DEFAULT_PAGE_SIZE;
}

/** Builds a page from `pageSize + 1` fetched rows: the extra row only says there is a next page. `cursorOf` encodes a row's cursor (KeysetCursors.encode). */
export function toConnection<R, N>(rows: R[], size: number, cursorOf: (row: R) => string, toNode: (row: R) => N): ConnectionShape<N> {
  const edges = rows.slice(0, size).map((row) => new Edge(() => cursorOf(row), toNode(row)));
  return pageOf(edges, rows.length > size);
}

/** The page with each node mapped (rows to GraphQL objects), cursors still encoded only when read. */
export function mapNodes<R, N>(page: ConnectionShape<R>, toNode: (row: R) => N): ConnectionShape<N> {
  return pageOf(
    page.edges.map((e) => new Edge(() => e.cursor, toNode(e.node))),
    page.pageInfo.hasNextPage,
  );
}

function pageOf<N>(edges: Edge<N>[], hasNextPage: boolean): ConnectionShape<N> {
  return {
    edges,
    pageInfo: {
      hasNextPage,
      get endCursor() {
        return edges.at(-1)?.cursor ?? null;
      },
    },
  };
}
