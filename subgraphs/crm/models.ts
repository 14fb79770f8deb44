// What the CRM subgraph's resolvers hand each other: the parent of every GraphQL type that is not
// plain data, and the context. codegen.ts maps the generated resolver types onto these.
import type { CrmCompany, CrmDeal, CrmProfile } from '../../store/entities';
import type { Connection, Edge } from '../common/pagination';
import type { Scope } from '../common/request-scope';
import type { CrmLoaders } from './loaders';

export type Context = Scope<CrmLoaders>;

export type CrmProfileModel = CrmProfile;
export type CrmCompanyModel = CrmCompany;
export type DealModel = CrmDeal;
export type DealConnectionModel = Connection<CrmDeal>;
export type DealEdgeModel = Edge<CrmDeal>;
