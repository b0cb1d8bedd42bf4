"""Makes a new account cheap in moto: AWS managed policies share one copy of their documents.

With MOTO_IAM_LOAD_MANAGED_POLICIES=true, moto parses its 4.7 MB table of AWS managed policies
again for every account it meets and keeps a fresh JSON text of each of their ~1,300 documents
there: about 6 MiB and 120 ms per account. The harness gives every kata run an account of its
own and never resets moto, so a long test run or a room's grading grew one moto server to
gigabytes and it stalled for tens of seconds.

Here the table is parsed once, and every account's policies point at the same immutable
strings and dates. Each account still gets its own policy objects, so what an account does
(attachments, attachment counts) stays its own. moto has no setting for this; the replacement
keeps moto's own construction (AWSManagedPolicy.from_data) apart from what it shares.
"""
import json
from datetime import datetime
from typing import Any

from moto.iam import models as iam_models
from moto.iam.aws_managed_policies import aws_managed_policies_data
from moto.settings import load_iam_aws_managed_policies


class _SharedPolicyData:
    """One AWS managed policy as from_data would read it, with its document already serialised."""

    __slots__ = ("name", "default_version_id", "path", "document", "create_date", "update_date")

    def __init__(self, name: str, data: dict[str, Any]):
        self.name = name
        self.default_version_id = data.get("DefaultVersionId")
        self.path = data.get("Path")
        self.document = json.dumps(data.get("Document"))
        self.create_date = datetime.fromisoformat(data["CreateDate"])
        self.update_date = datetime.fromisoformat(data["UpdateDate"])


_SHARED = [_SharedPolicyData(name, data) for name, data in json.loads(aws_managed_policies_data).items()]


def _init_aws_policies(self: iam_models.IAMBackend) -> list[iam_models.ManagedPolicy]:
    if not load_iam_aws_managed_policies():
        return []
    return [
        iam_models.AWSManagedPolicy(
            shared.name,
            account_id=self.account_id,
            region=self.region_name,
            default_version_id=shared.default_version_id,
            path=shared.path,
            document=shared.document,
            create_date=shared.create_date,
            update_date=shared.update_date,
        )
        for shared in _SHARED
    ]


def install() -> None:
    if not callable(getattr(iam_models.IAMBackend, "_init_aws_policies", None)):
        raise RuntimeError(
            "moto's IAMBackend has no _init_aws_policies any more; "
            "harness/backends/moto/shared_managed_policies.py was written for moto 5.2 and must be updated with the pin"
        )
    iam_models.IAMBackend._init_aws_policies = _init_aws_policies
