"""The sample products of generated CMDBs: the demo's (``infra.demo``) and the generator's (``generator.register``).

Each function returns the fields an item of that product has whoever builds it (manufacturer, model,
attributes, ...), as keyword arguments for the builder's ``item``. Where a value is drawn, the draws
happen here in the order the builders have always made them, so both stay deterministic.
"""

PRODUCTS = {
    "student_computer": (
        "Acer",
        "Chromebook 314",
        {"operating_system": "ChromeOS", "auto_update_expires": "2029-06-30"},
    ),
    "printer": ("Kyocera", "TASKalfa 3554ci", {"colour": "Ja", "follow_me": "Ja"}),
    "firewall": (
        "Fortinet",
        "FortiGate 200F",
        {"firmware": "7.4.3", "high_availability": "Ja", "throughput_mbps": 27000},
    ),
    "core_switch": ("Aruba", "CX 8360", {"device_kind": "Switch", "ports": 48, "firmware": "10.13"}),
    "wlan_controller": ("Aruba", "Mobility Controller 7210", {"device_kind": "Controller", "firmware": "8.11"}),
    "access_switch": ("Aruba", "CX 6100 48G", {"device_kind": "Switch", "ports": 48, "firmware": "10.13"}),
    "access_point": ("Aruba", "AP-515", {"wifi_standard": "Wi-Fi 6", "firmware": "8.11"}),
    "host": (
        "HPE",
        "ProLiant DL380 Gen11",
        {"operating_system": "VMware ESXi 8.0", "cpu_cores": 64, "ram_gb": 1024},
    ),
    "backup_server": (
        "HPE",
        "ProLiant DL360 Gen11",
        {"operating_system": "Windows Server 2022", "cpu_cores": 16, "ram_gb": 128},
    ),
}


def product(name, **attributes):
    """Manufacturer, model and attributes of the product ``name``; ``attributes`` are added to its own."""
    manufacturer, model, own = PRODUCTS[name]
    return {"manufacturer": manufacturer, "model": model, "attributes": {**own, **attributes}}


def computer(model, *, supplier, image):
    """A computer of one of the ``computer_models`` in ``data/demo.yaml``, installed with ``image``."""
    return {
        "manufacturer": model["manufacturer"],
        "model": model["model"],
        "supplier": supplier,
        "attributes": {
            "operating_system": "Windows 11 Enterprise",
            "cpu": model["cpu"],
            "ram_gb": model["ram_gb"],
            "disk_gb": model["disk_gb"],
            "image": image,
        },
    }


def spare_computer(model, *, supplier):
    """A computer of ``model`` outside daily use (in stock, in repair or retired): no image of its own."""
    return {
        "manufacturer": model["manufacturer"],
        "model": model["model"],
        "supplier": supplier,
        "attributes": {"operating_system": "Windows 11 Enterprise"},
    }


def mobile(phone):
    """A phone, or (``phone`` false) a tablet."""
    if phone:
        return {"manufacturer": "Apple", "model": "iPhone 13", "attributes": {"operating_system": "iOS 17"}}
    return {"manufacturer": "Samsung", "model": "Galaxy Tab A9", "attributes": {"operating_system": "Android 14"}}


def virtual_server_attributes(rng, spec, role, environment):
    """A server's attributes: a database server (``role`` "DB") is larger; draws its operating system."""
    database = role == "DB"
    return {
        "operating_system": rng.choice(spec["operating_systems"]),
        "vcpu": 8 if database else 4,
        "ram_gb": 32 if database else 16,
        "disk_gb": 500 if database else 120,
        "environment": environment,
    }


def backup_job_attributes(rng, spec, role):
    """The nightly backup of a server of ``role``; draws its retention."""
    return {
        "schedule": spec["backup_schedule"],
        "retention_days": rng.choice(spec["backup_retention_days"]),
        "method": "Ögonblicksbild" if role == "DB" else "Inkrementell",
        "offsite_copy": "Ja",
    }
