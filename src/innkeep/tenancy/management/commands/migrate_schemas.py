"""django-tenants' migrate_schemas, plus the hotel template schema and the warm pool.

Order: public, every hotel, then the template (so a signup made during a deploy clones
the newest structure), then the pool is refilled from the new template.
"""

from typing import Any

from django_tenants.management.commands.migrate_schemas import MigrateSchemasCommand

from innkeep.tenancy import provisioning


class Command(MigrateSchemasCommand):
    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--skip-template",
            action="store_true",
            dest="skip_template",
            help="Do not migrate the hotel template schema or refill the schema pool.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        super().handle(*args, **options)
        if options.get("skip_template") or options.get("schema_name") or not self.sync_tenant:
            return
        if options.get("fake") or options.get("plan") or options.get("check_unapplied"):
            return
        provisioning.migrate_template(verbosity=options.get("verbosity", 1))
        made = provisioning.refill_pool()
        if made and options.get("verbosity", 1):
            self.stdout.write(f"Schema pool: {made} ready-made hotel schema(s) added.")
