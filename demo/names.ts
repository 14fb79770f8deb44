/**
 * Word lists for the demo data. First and last names are disjoint sets, so no "first.last" email
 * can equal another person's "last.first" one: identity resolution must only merge what the demo
 * means to be one person.
 */

/** A whitespace-separated list, so long lists stay a few lines instead of one line per word. */
const words = (list: string): readonly string[] => list.trim().split(/\s+/);

export const FIRST_NAMES = words(`
  Ada Alan Grace Edsger Barbara Donald Margaret Dennis Frances Ken Radia Claude Hedy John
  Katherine Tim Sophie Niklaus Jean Linus Annie Guido Karen Bjarne Shafi Leslie Adele
  James Mary Vint Evelyn Robert Joan Charles Lynn Peter Anita Ward Ruth Brian Susan Martin
  Ivan Dorothy Larry Carol Yukihiro Elena Tony Rosalind Marvin Betty Douglas Irene Ray
  Hannah Kristen Amir Priya Mateo Ingrid Kofi Mei Olga
`);

export const LAST_NAMES = words(`
  Lovelace Turing Hopper Dijkstra Liskov Knuth Hamilton Ritchie Allen Thompson Perlman
  Shannon Lamarr Neumann Johnson Berners-Lee Wilson Wirth Bartik Torvalds Easley Rossum
  Sparck-Jones Stroustrup Goldwasser Lamport Goldberg Gosling Kenneth Cerf Boyd Tarjan
  Clarke Babbage Conway Naur Borg Cunningham Teitelbaum Kernighan Kare Fowler Sutherland
  Vaughan Page Shaw Matsumoto Ortega Hoare Franklin Minsky Holberton Engelbart Greibach
  Kurzweil Fry Nygaard Pnueli Rao Alvarez Daubechies Mensah Chen Petrova
`);

export const EMAIL_DOMAINS = [
  'example.com',
  'example.org',
  'example.net',
  'mail.example',
  'inbox.example',
] as const;

/** US cities with their state and a flat sales-tax rate in basis points (7.25% = 725). */
export const CITIES = [
  { city: 'Los Angeles', province: 'CA', zip: '90012', taxBp: 725 },
  { city: 'San Francisco', province: 'CA', zip: '94103', taxBp: 725 },
  { city: 'Portland', province: 'OR', zip: '97205', taxBp: 0 },
  { city: 'Seattle', province: 'WA', zip: '98101', taxBp: 650 },
  { city: 'Austin', province: 'TX', zip: '78701', taxBp: 625 },
  { city: 'Chicago', province: 'IL', zip: '60601', taxBp: 625 },
  { city: 'New York', province: 'NY', zip: '10001', taxBp: 400 },
  { city: 'Boston', province: 'MA', zip: '02108', taxBp: 625 },
  { city: 'Denver', province: 'CO', zip: '80202', taxBp: 290 },
  { city: 'Miami', province: 'FL', zip: '33130', taxBp: 600 },
  { city: 'Atlanta', province: 'GA', zip: '30303', taxBp: 400 },
  { city: 'Minneapolis', province: 'MN', zip: '55401', taxBp: 688 },
] as const;

export const STREETS = [
  'Main Street',
  'Oak Avenue',
  'Maple Drive',
  'Cedar Lane',
  'Pine Street',
  'Elm Court',
  'Harbor Road',
  'Mill Street',
  'Park Avenue',
  'Lake Shore Drive',
] as const;

/** Shopify locations and ERP warehouses: the same buildings under the same names. */
export const WAREHOUSES = [
  { code: 'NEWARK', name: 'Newark Warehouse' },
  { code: 'DALLAS', name: 'Dallas Fulfillment Center' },
  { code: 'RENO', name: 'Reno Distribution Center' },
  { code: 'ATLANTA', name: 'Atlanta Cross-Dock' },
  { code: 'COLUMBUS', name: 'Columbus Warehouse' },
  { code: 'DENVER', name: 'Denver Micro-Fulfillment' },
] as const;

/**
 * Product types: the option values their variants take, the price step from one option to the
 * next (bigger sizes cost more) and the base price range, in cents.
 */
export const PRODUCT_TYPES = [
  { type: 'T-Shirt', code: 'TEE', options: ['S', 'M', 'L', 'XL'], bump: 200, price: [1800, 3400] },
  { type: 'Hoodie', code: 'HOOD', options: ['S', 'M', 'L', 'XL'], bump: 300, price: [4200, 7800] },
  {
    type: 'Mug',
    code: 'MUG',
    options: ['Black', 'White', 'Sand', 'Navy'],
    bump: 0,
    price: [1400, 2600],
  },
  { type: 'Cap', code: 'CAP', options: ['Black', 'Olive', 'Stone'], bump: 0, price: [2000, 3200] },
  { type: 'Notebook', code: 'NOTE', options: ['A6', 'A5', 'A4'], bump: 300, price: [900, 2400] },
  {
    type: 'Poster',
    code: 'POST',
    options: ['30x40', '50x70', '70x100'],
    bump: 1200,
    price: [1500, 5500],
  },
  { type: 'Tote Bag', code: 'TOTE', options: ['Natural', 'Black'], bump: 0, price: [1600, 2800] },
  { type: 'Socks', code: 'SOCK', options: ['S/M', 'L/XL'], bump: 0, price: [900, 1600] },
  {
    type: 'Water Bottle',
    code: 'BOTL',
    options: ['500 ml', '750 ml', '1 l'],
    bump: 400,
    price: [2200, 3900],
  },
  {
    type: 'Candle',
    code: 'CNDL',
    options: ['Cedar', 'Fig', 'Sea Salt', 'Amber'],
    bump: 0,
    price: [1800, 4200],
  },
  {
    type: 'Backpack',
    code: 'BPCK',
    options: ['Charcoal', 'Forest', 'Rust'],
    bump: 0,
    price: [7800, 16900],
  },
] as const;

export const PRODUCT_ADJECTIVES = words(`
  Analytical Recursive Lambda Binary Quantum Compiled Async Vector Harbor Summit Midnight
  Aurora Granite Meridian Coastal Northern
`);

export const PRODUCT_NOUNS = words(`
  Engine Compiler Kernel Packet Circuit Byte Pixel Signal Orbit Harvest Lantern Voyager
  Compass Atlas Beacon Cipher
`);

export const VENDORS = ['Plexus Goods', 'Northwind Supply', 'Fabrikam Studio'] as const;

export const CARRIERS = ['UPS', 'USPS', 'FedEx', 'DHL Express'] as const;

export const COMPANY_WORDS = [
  'Analytical Engines',
  'Difference Works',
  'Bletchley Labs',
  'Harvard Mark',
  'Eniac Partners',
  'Colossus Trading',
  'Arpanet Supplies',
  'Xerox Park',
  'Bell Works',
  'Fortran Foods',
  'Cobol & Sons',
  'Unix Outfitters',
  'Lisp Machines',
  'Smalltalk Coffee',
  'Pascal Bakery',
  'Ada Robotics',
  'Algol Architects',
  'Simula Studios',
  'Prolog Publishing',
  'Haskell Hardware',
] as const;

export const COMPANY_SUFFIXES = ['Inc', 'LLC', 'Co', 'Group', 'Ltd'] as const;

/** Sales reps who own CRM contacts. */
export const OWNERS = [
  'maya.ortiz@plexus-demo.example',
  'sam.okafor@plexus-demo.example',
  'lena.fischer@plexus-demo.example',
  'raj.patel@plexus-demo.example',
] as const;

/** HubSpot's default lifecycle stages, in funnel order. */
export const LIFECYCLE_STAGES = [
  'subscriber',
  'lead',
  'marketingqualifiedlead',
  'salesqualifiedlead',
  'opportunity',
  'customer',
  'evangelist',
] as const;

export const LEAD_STATUSES = [
  'NEW',
  'OPEN',
  'IN_PROGRESS',
  'ATTEMPTED_TO_CONTACT',
  'CONNECTED',
  'OPEN_DEAL',
  'UNQUALIFIED',
  'BAD_TIMING',
] as const;

/** HubSpot's default sales pipeline, in order; the last two are the closed stages. */
export const DEAL_STAGES = [
  'appointmentscheduled',
  'qualifiedtobuy',
  'presentationscheduled',
  'decisionmakerboughtin',
  'contractsent',
  'closedwon',
  'closedlost',
] as const;
