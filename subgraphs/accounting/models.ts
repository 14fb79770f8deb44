// What the accounting subgraph's resolvers hand each other: the parent of every GraphQL type that
// is not plain data, and the context. codegen.ts maps the generated resolver types onto these.
import type { AccountingCustomer, Invoice, Payment } from '../../store/entities';
import type { Connection, Edge } from '../common/pagination';
import type { Scope } from '../common/request-scope';
import type { AccountingLoaders } from './loaders';

export type Context = Scope<AccountingLoaders>;

/** A customer as accounting knows them: the accounting customers of all their identities. */
export interface CustomerAccountingModel {
  customerId: string;
  accounts: AccountingCustomer[];
}

export type InvoiceModel = Invoice;
export type InvoiceConnectionModel = Connection<Invoice>;
export type InvoiceEdgeModel = Edge<Invoice>;
export type PaymentModel = Payment;
export type PaymentConnectionModel = Connection<Payment>;
export type PaymentEdgeModel = Edge<Payment>;
