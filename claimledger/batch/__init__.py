"""Scale out on Dask: partitioned inputs, one task per partition, Parquet out, bulk load into the ledger."""

from __future__ import annotations

from .load import LoadSummary, load
from .partitions import Partition, Plan, plan, read_partition
from .run import BatchOptions, BatchProgress, BatchReport, connect, run_batch

__all__ = [
    "BatchOptions",
    "BatchProgress",
    "BatchReport",
    "LoadSummary",
    "Partition",
    "Plan",
    "connect",
    "load",
    "plan",
    "read_partition",
    "run_batch",
]
