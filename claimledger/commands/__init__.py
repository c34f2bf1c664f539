"""Sub-commands of the ``claimledger`` CLI, one module each (see ``claimledger.cli``)."""
