import { chooseCouriers, type CourierCandidate } from './couriers';
import type { SimStore } from './customers';

const store = (id: string, lat: number, lng: number): SimStore => ({ id, name: id, location: { lat, lng }, radiusMeters: 3000, capacity: 20, isOpen: true });
const mitte = store('str_001', 52.52, 13.405);
const spandau = store('str_002', 52.535, 13.2);
const courier = (id: string, status: CourierCandidate['status'], position: CourierCandidate['position'], homeStoreId: string | null = null): CourierCandidate => ({
  id,
  status,
  vehicle: 'E_BIKE',
  homeStoreId,
  position,
});

describe('simulator courier selection', () => {
  it('when couriers are chosen, then the free ones nearest the order stores come first, busy and offered ones never', () => {
    const candidates = [
      courier('cou_001', 'OFFLINE', { lat: 52.53, lng: 13.21 }),
      courier('cou_002', 'IDLE', { lat: 52.521, lng: 13.406 }),
      courier('cou_003', 'BUSY', { lat: 52.52, lng: 13.405 }),
      courier('cou_004', 'OFFERED', { lat: 52.52, lng: 13.405 }),
      courier('cou_005', 'OFFLINE', { lat: 52.6, lng: 13.6 }),
    ];
    const chosen = chooseCouriers(candidates, [mitte], [mitte, spandau], 2);
    expect(chosen.map((c) => c.courier.id)).toEqual(['cou_002', 'cou_001']);
    expect(chosen[0]!.start).toEqual({ lat: 52.521, lng: 13.406 });
  });

  it('when a courier has no known position, then it starts at its home store, else at the first order store', () => {
    const chosen = chooseCouriers([courier('cou_001', 'OFFLINE', null, 'str_002'), courier('cou_002', 'OFFLINE', null)], [mitte], [mitte, spandau], 5);
    expect(chosen).toEqual([
      { courier: expect.objectContaining({ id: 'cou_002' }), start: mitte.location },
      { courier: expect.objectContaining({ id: 'cou_001' }), start: spandau.location },
    ]);
  });

  it('when there is no order store, then nobody is chosen', () => {
    expect(chooseCouriers([courier('cou_001', 'IDLE', null)], [], [mitte], 3)).toEqual([]);
  });
});
