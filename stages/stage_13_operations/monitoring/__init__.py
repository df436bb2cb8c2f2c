"""Monitoring: drift of inputs and outputs, prior and concept shift, and the alerts they raise."""
