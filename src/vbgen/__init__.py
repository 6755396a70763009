"""vbgen: Vietnamese administrative documents (Chỉ thị, Kế hoạch) from YAML, in the format of
Nghị định 30/2020/NĐ-CP."""

__version__ = "0.1.0"
