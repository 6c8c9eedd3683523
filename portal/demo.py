"""Demo offices: Diskopum Jember and Diskop UKM Kalsel with the units that sign their
papers. Jember's Kabid is named in the seed article; his NIP is not public, so it is
left empty. Kalsel's head is made up ("Demo"), with an obviously fake NIP."""

from portal.models import Office, OfficeUnit

OFFICES = [
    {
        "region_id": "35.09",
        "name": "Dinas Koperasi dan Usaha Mikro Kabupaten Jember",
        "short_name": "Diskopum Jember",
        "government": "Pemerintah Kabupaten Jember",
        "address": "Jl. Kalimantan No. 82, Jember, Jawa Timur",
        "units": [
            {
                "name": "Bidang Kelembagaan dan Pengawasan",
                "head_name": "Rudi Prasetya Aji, S.Sos",
                "head_title": "Kepala Bidang Kelembagaan dan Pengawasan",
            }
        ],
    },
    {
        "region_id": "63",
        "name": "Dinas Koperasi dan Usaha Kecil Menengah Provinsi Kalimantan Selatan",
        "short_name": "Diskop UKM Kalsel",
        "government": "Pemerintah Provinsi Kalimantan Selatan",
        "address": "Banjarbaru, Kalimantan Selatan (alamat demo)",
        "units": [
            {
                "name": "Bidang Kelembagaan dan Pengawasan Koperasi",
                "head_name": "Hj. Rahmah Banua, S.E. (Demo)",
                "head_title": "Kepala Bidang Kelembagaan dan Pengawasan Koperasi",
                "head_nip": "000000000000000001",
                "head_rank": "Pembina (IV/a)",
            }
        ],
    },
]


def seed(stdout=None):
    """Both demo offices and their units; safe to run again."""
    offices = {}
    for data in OFFICES:
        fields = {k: v for k, v in data.items() if k not in ("region_id", "units")}
        office, _created = Office.objects.get_or_create(
            region_id=data["region_id"], defaults=fields
        )
        for order, unit in enumerate(data["units"]):
            OfficeUnit.objects.get_or_create(
                office=office,
                name=unit["name"],
                defaults={"order": order, **unit},
            )
        offices[office.region_id] = office
    if stdout:
        stdout.write("Dinas: " + ", ".join(str(o) for o in offices.values()) + ".")
    return offices
