// QuickBooks Online v3 entities with their real field names (PascalCase, refs as {value, name}).
// Only the fields a connector reads plus their usual neighbours.
export interface Ref {
  value: string;
  name?: string;
}

export interface MetaData {
  CreateTime: string;
  LastUpdatedTime: string;
}

interface Base {
  Id: string;
  SyncToken: string;
  domain: 'QBO';
  sparse: false;
  MetaData: MetaData;
}

export interface Line {
  Id?: string;
  LineNum?: number;
  Description?: string;
  Amount: number;
  DetailType:
    | 'SalesItemLineDetail'
    | 'SubTotalLineDetail'
    | 'DiscountLineDetail'
    | 'JournalEntryLineDetail'
    | 'DepositLineDetail';
  SalesItemLineDetail?: { ItemRef: Ref; UnitPrice: number; Qty: number; TaxCodeRef: Ref };
  SubTotalLineDetail?: Record<string, never>;
  DiscountLineDetail?: { PercentBased: boolean };
  JournalEntryLineDetail?: { PostingType: 'Debit' | 'Credit'; AccountRef: Ref };
  DepositLineDetail?: { AccountRef: Ref };
  LinkedTxn?: { TxnId: string; TxnType: string }[];
}

/** Payment lines carry only the amount and the transactions they pay. */
export interface PaymentLine {
  Amount: number;
  LinkedTxn: { TxnId: string; TxnType: 'Invoice' }[];
}

export interface Customer extends Base {
  DisplayName: string;
  GivenName: string;
  FamilyName: string;
  FullyQualifiedName: string;
  PrimaryEmailAddr?: { Address: string };
  PrimaryPhone?: { FreeFormNumber: string };
  BillAddr: { Line1: string; City: string; CountrySubDivisionCode: string; PostalCode: string };
  Balance: number;
  BalanceWithJobs: number;
  CurrencyRef: Ref;
  Taxable: boolean;
  Job: boolean;
  Active: boolean;
  PreferredDeliveryMethod: 'Print' | 'Email' | 'None';
}

/** One quantity, no locations: QBO has no stock by warehouse. */
export interface Item extends Base {
  Name: string;
  Sku: string;
  Description: string;
  FullyQualifiedName: string;
  Active: boolean;
  Type: 'Inventory' | 'Service' | 'NonInventory';
  UnitPrice: number;
  PurchaseCost: number;
  TrackQtyOnHand: boolean;
  QtyOnHand: number;
  InvStartDate: string;
  IncomeAccountRef: Ref;
  ExpenseAccountRef: Ref;
  AssetAccountRef: Ref;
}

interface SalesDoc extends Base {
  DocNumber: string;
  TxnDate: string;
  CurrencyRef: Ref;
  CustomerRef: Ref;
  PrivateNote: string;
  Line: Line[];
  TxnTaxDetail: { TotalTax: number };
  TotalAmt: number;
}

export interface Invoice extends SalesDoc {
  DueDate: string;
  Balance: number;
  BillEmail?: { Address: string };
  EmailStatus: 'NotSet' | 'NeedToSend' | 'EmailSent';
  LinkedTxn: { TxnId: string; TxnType: string }[];
}

export interface SalesReceipt extends SalesDoc {
  Balance: 0;
  DepositToAccountRef: Ref;
}

export interface RefundReceipt extends SalesDoc {
  Balance: 0;
  DepositToAccountRef: Ref;
}

export interface CreditMemo extends SalesDoc {
  Balance: number;
  RemainingCredit: number;
}

export interface Payment extends Base {
  TxnDate: string;
  CurrencyRef: Ref;
  CustomerRef: Ref;
  TotalAmt: number;
  UnappliedAmt: number;
  DepositToAccountRef: Ref;
  Line: PaymentLine[];
}

/** Payouts: money landing in the bank account. */
export interface Deposit extends Base {
  TxnDate: string;
  CurrencyRef: Ref;
  PrivateNote: string;
  DepositToAccountRef: Ref;
  TotalAmt: number;
  Line: Line[];
}

export interface JournalEntry extends Base {
  DocNumber: string;
  TxnDate: string;
  CurrencyRef: Ref;
  PrivateNote: string;
  Adjustment: boolean;
  Line: Line[];
}

export interface QboEntities {
  Customer: Customer;
  Item: Item;
  Invoice: Invoice;
  SalesReceipt: SalesReceipt;
  Payment: Payment;
  RefundReceipt: RefundReceipt;
  CreditMemo: CreditMemo;
  Deposit: Deposit;
  JournalEntry: JournalEntry;
}
export type EntityName = keyof QboEntities;
export type QboRecord = QboEntities[EntityName];
export const entityNames = [
  'Customer',
  'Item',
  'Invoice',
  'SalesReceipt',
  'Payment',
  'RefundReceipt',
  'CreditMemo',
  'Deposit',
  'JournalEntry',
] as const satisfies readonly EntityName[];

export type Operation = 'Create' | 'Update' | 'Delete' | 'Void' | 'Merge';
export interface Change {
  name: EntityName;
  id: string;
  operation: Operation;
  /** Epoch ms of the change. */
  at: number;
}

/** What CDC serves for a deleted object. */
export interface Tombstone {
  name: EntityName;
  Id: string;
  at: number;
}
