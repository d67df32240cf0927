// A country as a PMS writes it in an address — "ES", "ESP", "Spain", "España", "Portugal" — → ISO 3166 alpha-2,
// the country national phone numbers are read with. FHIR recommends the 2- or 3-letter code; Cliniko and CSV
// exports carry the name in the clinic's language.
import { getCountries, type CountryCode } from 'libphonenumber-js';

/** ISO 3166-1 alpha-3 followed by alpha-2 ("ESPES"), from Debian's iso-codes. */
const ALPHA3 =
  'ABWAW AFGAF AGOAO AIAAI ALAAX ALBAL ANDAD AREAE ARGAR ARMAM ASMAS ATAAQ ATFTF ATGAG AUSAU AUTAT AZEAZ BDIBI BELBE BENBJ ' +
  'BESBQ BFABF BGDBD BGRBG BHRBH BHSBS BIHBA BLMBL BLRBY BLZBZ BMUBM BOLBO BRABR BRBBB BRNBN BTNBT BVTBV BWABW CAFCF CANCA ' +
  'CCKCC CHECH CHLCL CHNCN CIVCI CMRCM CODCD COGCG COKCK COLCO COMKM CPVCV CRICR CUBCU CUWCW CXRCX CYMKY CYPCY CZECZ DEUDE ' +
  'DJIDJ DMADM DNKDK DOMDO DZADZ ECUEC EGYEG ERIER ESHEH ESPES ESTEE ETHET FINFI FJIFJ FLKFK FRAFR FROFO FSMFM GABGA GBRGB ' +
  'GEOGE GGYGG GHAGH GIBGI GINGN GLPGP GMBGM GNBGW GNQGQ GRCGR GRDGD GRLGL GTMGT GUFGF GUMGU GUYGY HKGHK HMDHM HNDHN HRVHR ' +
  'HTIHT HUNHU IDNID IMNIM INDIN IOTIO IRLIE IRNIR IRQIQ ISLIS ISRIL ITAIT JAMJM JEYJE JORJO JPNJP KAZKZ KENKE KGZKG KHMKH ' +
  'KIRKI KNAKN KORKR KWTKW LAOLA LBNLB LBRLR LBYLY LCALC LIELI LKALK LSOLS LTULT LUXLU LVALV MACMO MAFMF MARMA MCOMC MDAMD ' +
  'MDGMG MDVMV MEXMX MHLMH MKDMK MLIML MLTMT MMRMM MNEME MNGMN MNPMP MOZMZ MRTMR MSRMS MTQMQ MUSMU MWIMW MYSMY MYTYT NAMNA ' +
  'NCLNC NERNE NFKNF NGANG NICNI NIUNU NLDNL NORNO NPLNP NRUNR NZLNZ OMNOM PAKPK PANPA PCNPN PERPE PHLPH PLWPW PNGPG POLPL ' +
  'PRIPR PRKKP PRTPT PRYPY PSEPS PYFPF QATQA REURE ROURO RUSRU RWARW SAUSA SDNSD SENSN SGPSG SGSGS SHNSH SJMSJ SLBSB SLESL ' +
  'SLVSV SMRSM SOMSO SPMPM SRBRS SSDSS STPST SURSR SVKSK SVNSI SWESE SWZSZ SXMSX SYCSC SYRSY TCATC TCDTD TGOTG THATH TJKTJ ' +
  'TKLTK TKMTM TLSTL TONTO TTOTT TUNTN TURTR TUVTV TWNTW TZATZ UGAUG UKRUA UMIUM URYUY USAUS UZBUZ VATVA VCTVC VENVE VGBVG ' +
  'VIRVI VNMVN VUTVU WLFWF WSMWS YEMYE ZAFZA ZMBZM ZWEZW';
const NAME_LANGUAGES = ['es', 'en', 'ca', 'eu', 'gl', 'pt', 'fr', 'it', 'de', 'nl'];

let byName: Map<string, CountryCode> | null = null;

export function countryCode(value: string | null | undefined): CountryCode | null {
  const key = normalise(value ?? '');
  if (!key) return null;
  byName ??= buildIndex();
  return byName.get(key) ?? null;
}

function buildIndex(): Map<string, CountryCode> {
  const supported = new Set<string>(getCountries());
  const index = new Map<string, CountryCode>();
  for (const code of getCountries()) index.set(normalise(code), code);
  for (const entry of ALPHA3.split(/\s+/)) {
    const alpha2 = entry.slice(3);
    if (supported.has(alpha2)) index.set(normalise(entry.slice(0, 3)), alpha2 as CountryCode);
  }
  for (const language of NAME_LANGUAGES) {
    const names = new Intl.DisplayNames([language], { type: 'region' });
    for (const code of getCountries()) {
      const name = names.of(code);
      if (name && name !== code && !index.has(normalise(name))) index.set(normalise(name), code);
    }
  }
  return index;
}

/** Case, accents and punctuation do not matter: "ESPAÑA" = "espana". */
function normalise(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}
