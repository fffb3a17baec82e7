import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The starting category catalogue: what a service desk usually sorts tickets by. Admins add and
 * retire entries afterwards (mutations), so this seed is only the first version of the list.
 */
export const seedCategories: ReadonlyArray<{
  code: string;
  name: string;
  subcategories: ReadonlyArray<[code: string, name: string]>;
}> = [
  {
    code: 'hardware',
    name: 'Hardware',
    subcategories: [
      ['desktop-laptop', 'Desktop or laptop'],
      ['printer', 'Printer or scanner'],
      ['peripheral', 'Peripheral (screen, keyboard, dock)'],
      ['mobile-device', 'Mobile device'],
      ['server', 'Server hardware'],
    ],
  },
  {
    code: 'software',
    name: 'Software and applications',
    subcategories: [
      ['application-error', 'Application error'],
      ['performance', 'Slowness or performance'],
      ['installation', 'Installation or update'],
      ['licence', 'Licence'],
      ['business-application', 'Business application (ERP, CRM, ...)'],
    ],
  },
  {
    code: 'network',
    name: 'Network',
    subcategories: [
      ['connectivity', 'Connectivity or outage'],
      ['vpn', 'VPN and remote access'],
      ['wifi', 'Wi-Fi'],
      ['dns', 'DNS'],
      ['firewall-proxy', 'Firewall or proxy'],
    ],
  },
  {
    code: 'access',
    name: 'Accounts and access',
    subcategories: [
      ['password-reset', 'Password reset'],
      ['account-locked', 'Locked account'],
      ['permissions', 'Permissions or access rights'],
      ['new-account', 'New account'],
      ['mfa', 'Multi-factor authentication'],
    ],
  },
  {
    code: 'email-collaboration',
    name: 'Email and collaboration',
    subcategories: [
      ['email', 'Email'],
      ['calendar', 'Calendar'],
      ['video-conferencing', 'Video conferencing'],
      ['file-sharing', 'File sharing'],
    ],
  },
  {
    code: 'infrastructure',
    name: 'Infrastructure and cloud',
    subcategories: [
      ['compute', 'Servers, virtual machines, containers'],
      ['storage', 'Storage'],
      ['backup', 'Backup and restore'],
      ['cloud-service', 'Cloud service'],
    ],
  },
  {
    code: 'database',
    name: 'Database',
    subcategories: [
      ['availability', 'Availability'],
      ['performance', 'Performance'],
      ['data-integrity', 'Data integrity'],
    ],
  },
  {
    code: 'security',
    name: 'Security',
    subcategories: [
      ['phishing', 'Phishing or suspicious email'],
      ['malware', 'Malware'],
      ['data-breach', 'Data breach'],
      ['unauthorised-access', 'Unauthorised access'],
    ],
  },
  {
    code: 'request',
    name: 'Service request',
    subcategories: [
      ['new-equipment', 'New equipment'],
      ['software-request', 'Software request'],
      ['access-request', 'Access request'],
      ['information', 'Information or how-to'],
    ],
  },
  { code: 'other', name: 'Other', subcategories: [] },
];

export class CreateCategoryCatalogue1763800000120 implements MigrationInterface {
  name = 'CreateCategoryCatalogue1763800000120';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE category (
        id uuid PRIMARY KEY,
        parent_id uuid REFERENCES category (id),
        code text NOT NULL CHECK (code ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(code) <= 50),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        retired_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Codes are unique among siblings: top-level codes among themselves, subcategories per parent.
    await queryRunner.query(
      `CREATE UNIQUE INDEX category_top_code_idx ON category (code) WHERE parent_id IS NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX category_sub_code_idx ON category (parent_id, code) WHERE parent_id IS NOT NULL`,
    );
    for (const category of seedCategories) {
      const [{ id }] = (await queryRunner.query(
        `INSERT INTO category (id, code, name) VALUES (gen_random_uuid(), $1, $2) RETURNING id`,
        [category.code, category.name],
      )) as [{ id: string }];
      for (const [code, name] of category.subcategories) {
        await queryRunner.query(
          `INSERT INTO category (id, parent_id, code, name) VALUES (gen_random_uuid(), $1, $2, $3)`,
          [id, code, name],
        );
      }
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE category`);
  }
}
